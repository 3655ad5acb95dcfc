import { expect, it } from "vitest";
import { appendedAs } from "./chain-checks.js";
import type { EventStoreHarness } from "./harness.js";
import { sampleEvent, sampleEvents, uniqueStreamId } from "./sample-events.js";

/** The store stamps record times itself, in UTC to the millisecond; a driver keeps them as given. */
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Appending and reading one stream: versions, envelopes, directions, limits. */
export function appendAndReadTests(harness: () => EventStoreHarness, reportsAppendedEvents: boolean): void {
  it(
    reportsAppendedEvents
      ? "says where each appended event went, as a read gives it back"
      : "does not guess where appended events went",
    async () => {
      const { store } = harness();
      const id = uniqueStreamId("appended");
      const results = [
        await store.append(id, sampleEvents(1), { expectedVersion: "no-stream" }),
        await store.append(id, sampleEvents(70, 1), { expectedVersion: 1 }),
        await store.append(id, sampleEvents(3, 71), { expectedVersion: 71 }),
      ];
      if (!reportsAppendedEvents) {
        for (const result of results) expect(result.events).toBeUndefined();
        return;
      }
      const stored = await store.readStream(id);
      expect(results.flatMap((r) => r.events ?? [])).toEqual(stored.map(appendedAs));
      for (const result of results) expect(result.events?.at(-1)?.globalPosition).toBe(result.globalPosition);
    },
  );

  it("numbers a stream's events from 1, contiguously across batches", async () => {
    const { store } = harness();
    const id = uniqueStreamId("versions");
    const first = await store.append(id, sampleEvents(3), { expectedVersion: "no-stream" });
    const second = await store.append(id, sampleEvents(2, 3), { expectedVersion: 3 });
    expect(first.streamVersion).toBe(3);
    expect(second.streamVersion).toBe(5);
    const events = await store.readStream(id);
    expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
    expect(events.at(-1)?.globalPosition).toBe(second.globalPosition);
    expect(events[2]?.globalPosition).toBe(first.globalPosition);
  });

  it("gives back each event's envelope as it was appended", async () => {
    const { store } = harness();
    const id = uniqueStreamId("envelope");
    const eventId = "6f9619ff-8b86-4011-b42d-00c04fc964ff";
    const event = { ...sampleEvent(7), eventId };
    const before = Date.now();
    await store.append(id, [event], { expectedVersion: "any" });
    const [stored] = await store.readStream(id);
    expect(stored).toMatchObject({
      eventId,
      streamId: id,
      streamVersion: 1,
      type: "PeriodReported",
      schemaVersion: 1,
      data: event.data,
      metadata: event.metadata,
    });
    expect(stored?.recordedAt).toMatch(ISO_UTC_MS);
    // The store's clock stamps it (a harness may give the store a clock of its own); a day off is a bug.
    expect(Math.abs(Date.parse(stored?.recordedAt ?? "") - before)).toBeLessThan(86_400_000);
  });

  it("generates distinct event ids when none are given", async () => {
    const { store } = harness();
    const id = uniqueStreamId("ids");
    await store.append(id, sampleEvents(5), { expectedVersion: "no-stream" });
    const ids = (await store.readStream(id)).map((e) => e.eventId);
    expect(new Set(ids).size).toBe(5);
  });

  it("reads forwards from a version, with a limit", async () => {
    const { store } = harness();
    const id = uniqueStreamId("forwards");
    await store.append(id, sampleEvents(10), { expectedVersion: "no-stream" });
    const page = await store.readStream(id, { fromVersion: 4, limit: 3 });
    expect(page.map((e) => e.streamVersion)).toEqual([4, 5, 6]);
    expect(await store.readStream(id, { fromVersion: 11 })).toEqual([]);
    expect(await store.readStream(id, { limit: 0 })).toEqual([]);
  });

  it("reads backwards from the end or from a version, with a limit", async () => {
    const { store } = harness();
    const id = uniqueStreamId("backwards");
    await store.append(id, sampleEvents(6), { expectedVersion: "no-stream" });
    const all = await store.readStream(id, { direction: "backwards" });
    expect(all.map((e) => e.streamVersion)).toEqual([6, 5, 4, 3, 2, 1]);
    const last = await store.readStream(id, { direction: "backwards", limit: 1 });
    expect(last.map((e) => e.streamVersion)).toEqual([6]);
    const fromFour = await store.readStream(id, { direction: "backwards", fromVersion: 4, limit: 2 });
    expect(fromFour.map((e) => e.streamVersion)).toEqual([4, 3]);
  });

  it("reads backwards from past the end as from the last version", async () => {
    const { store } = harness();
    const id = uniqueStreamId("backwards-past-end");
    await store.append(id, sampleEvents(6), { expectedVersion: "no-stream" });
    const page = await store.readStream(id, { direction: "backwards", fromVersion: 100, limit: 2 });
    expect(page.map((e) => e.streamVersion)).toEqual([6, 5]);
    const whole = await store.readStream(id, { direction: "backwards", fromVersion: 7 });
    expect(whole.map((e) => e.streamVersion)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it("reads from version 0 forwards as from 1, and backwards as nothing", async () => {
    const { store } = harness();
    const id = uniqueStreamId("from-zero");
    await store.append(id, sampleEvents(3), { expectedVersion: "no-stream" });
    const forwards = await store.readStream(id, { fromVersion: 0, limit: 2 });
    expect(forwards.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(await store.readStream(id, { direction: "backwards", fromVersion: 0 })).toEqual([]);
  });

  it("reads an unknown stream as empty, forwards and backwards", async () => {
    const { store } = harness();
    const id = uniqueStreamId("unknown");
    expect(await store.readStream(id)).toEqual([]);
    expect(await store.readStream(id, { direction: "backwards", limit: 1 })).toEqual([]);
  });

  it("keeps streams apart", async () => {
    const { store } = harness();
    const a = uniqueStreamId("apart-a");
    const b = uniqueStreamId("apart-b");
    await store.append(a, sampleEvents(2), { expectedVersion: "no-stream" });
    await store.append(b, sampleEvents(3, 100), { expectedVersion: "no-stream" });
    await store.append(a, sampleEvents(1, 200), { expectedVersion: 2 });
    expect((await store.readStream(a)).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expect((await store.readStream(b)).every((e) => e.streamId === b)).toBe(true);
  });
}
