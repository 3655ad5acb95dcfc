import { randomUUID } from "node:crypto";
import {
  type AppendResult,
  ConcurrencyError,
  GENESIS_HASH,
  IntegrityError,
  InvalidStoreInputError,
  type IopStore,
  type RecordedEnvelope,
  type StoredEvent,
} from "@iop/core";
import { expect, it } from "vitest";
import { appendedAs, expectUnbrokenChain } from "./chain-checks.js";
import type { EventStoreHarness, HarnessFactory } from "./harness.js";
import { readEverything } from "./read-everything.js";
import { asRecorded, NO_STREAM, RECORDED_AT, recorded, thrownBy } from "./recorded-events.js";
import { sampleEvent, sampleEvents, uniqueStreamId } from "./sample-events.js";

/** `events` with the one at `index` changed by `change` and its hashes kept. */
function tampered(
  events: readonly RecordedEnvelope[],
  index: number,
  change: (event: RecordedEnvelope) => Partial<RecordedEnvelope>,
): RecordedEnvelope[] {
  return events.map((event, i) => (i === index ? { ...event, ...change(event) } : event));
}

/** Runs of consecutive events of one stream, in the order given: the batches of a copy. */
function batchesOf(events: readonly StoredEvent[]): StoredEvent[][] {
  const batches: StoredEvent[][] = [];
  for (const event of events) {
    const last = batches.at(-1);
    if (last?.[0]?.streamId === event.streamId) last.push(event);
    else batches.push([event]);
  }
  return batches;
}

function withoutPosition({ globalPosition: _, ...rest }: StoredEvent): Omit<StoredEvent, "globalPosition"> {
  return rest;
}

async function expectIntegrityRefusal(store: IopStore, streamId: string, events: RecordedEnvelope[]) {
  const before = await store.readStream(streamId);
  const error = await thrownBy(store.appendRecorded(streamId, events));
  expect(error).toBeInstanceOf(IntegrityError);
  expect(error).toMatchObject({ code: "INTEGRITY_CHECK_FAILED" });
  expect(await store.readStream(streamId)).toEqual(before);
}

/** A stream of two events appended the ordinary way, and its events as read. */
async function twoEventStream(
  store: IopStore,
): Promise<{ id: string; first: StoredEvent; second: StoredEvent }> {
  const id = uniqueStreamId("recorded-onto");
  await store.append(id, sampleEvents(2), { expectedVersion: "no-stream" });
  const [first, second] = (await store.readStream(id)) as [StoredEvent, StoredEvent];
  return { id, first, second };
}

/**
 * `appendRecorded`: events another store recorded are appended with their ids, versions, record
 * times and hashes kept, and only when they are exactly what was recorded and continue the
 * stream where it stands. `uniqueEventIds` and `reportsAppendedEvents` as in `ConformanceOptions`.
 */
export function appendRecordedTests(
  harness: () => EventStoreHarness,
  factory: HarnessFactory,
  options: { readonly uniqueEventIds: boolean; readonly reportsAppendedEvents: boolean },
): void {
  it("copies streams into another store with every event's id, version, record time and hashes", async () => {
    // The copy keeps its stream ids (the hashes cover them), so it goes to a store of its own.
    const source = harness().store;
    const target = await factory();
    try {
      const [a, b, c] = ["copy-a", "copy-b", "copy-c"].map(uniqueStreamId) as [string, string, string];
      const ours = (events: readonly StoredEvent[]) => events.filter((e) => [a, b, c].includes(e.streamId));
      await source.append(a, sampleEvents(2), { expectedVersion: "no-stream" });
      await source.appendRecorded(b, recorded(b, sampleEvents(3, 10)));
      const metadata = { zeta: "last", actor: "Åsa Öberg", "10": "integer-like" };
      await source.append(a, [{ ...sampleEvent(20), metadata }], { expectedVersion: 2 });
      await source.append(c, sampleEvents(1, 30), { expectedVersion: "any" });
      await source.append(b, sampleEvents(2, 40), { expectedVersion: "stream-exists" });
      const original = ours(await readEverything(source));
      expect(original).toHaveLength(9);

      const batches = batchesOf(original);
      const results: AppendResult[] = [];
      for (const batch of batches)
        results.push(await target.store.appendRecorded(batch[0]?.streamId ?? "", batch.map(asRecorded)));
      const copied = ours(await readEverything(target.store));
      expect(copied.map(withoutPosition)).toEqual(original.map(withoutPosition));
      for (const id of [a, b, c]) expectUnbrokenChain(await target.store.readStream(id));
      expect(results.map((r) => r.streamVersion)).toEqual(
        batches.map((batch) => batch.at(-1)?.streamVersion),
      );
      if (options.reportsAppendedEvents)
        expect(results.flatMap((r) => r.events ?? [])).toEqual(copied.map(appendedAs));

      // Copying again, through this client or one that knows nothing of the streams yet: a conflict.
      for (const client of [target.store, await target.connectAnother()])
        for (const batch of batches) {
          const [first] = batch as [StoredEvent];
          const error = await thrownBy(client.appendRecorded(first.streamId, batch.map(asRecorded)));
          expect(error).toBeInstanceOf(ConcurrencyError);
          const last = original.filter((e) => e.streamId === first.streamId).at(-1);
          expect(error).toMatchObject({ expected: first.streamVersion - 1, actual: last?.streamVersion });
        }
      expect(ours(await readEverything(target.store))).toEqual(copied);

      // The copy goes on where the original stood.
      await target.store.append(a, sampleEvents(1, 50), { expectedVersion: 3 });
      expectUnbrokenChain(await target.store.readStream(a));
    } finally {
      await target.dispose();
    }
  });

  it("takes a recorded event whose data keys come in another order: the hash is over canonical JSON", async () => {
    const { store } = harness();
    const id = uniqueStreamId("recorded-key-order");
    const data = { b: 2, a: { y: [1, { d: 4, c: 3 }], x: 0 }, "10": "ten", "9": "nine" };
    const [event] = recorded(id, [{ type: "Applied", schemaVersion: 1, data }]) as [RecordedEnvelope];
    const reordered = { "9": "nine", a: { x: 0, y: [1, { c: 3, d: 4 }] }, "10": "ten", b: 2 };
    await store.appendRecorded(id, [{ ...event, data: reordered }]);
    const [stored] = await store.readStream(id);
    expect(stored).toMatchObject({ data, hash: event.hash, recordedAt: RECORDED_AT });
  });

  it.each([
    ["data", (e: RecordedEnvelope) => ({ data: { ...(e.data as object), summary: "ändrad i efterhand" } })],
    ["metadata", () => ({ metadata: { actor: "someone-else" } })],
    ["type", () => ({ type: "Terminated" })],
    ["schema version", (e: RecordedEnvelope) => ({ schemaVersion: e.schemaVersion + 1 })],
    ["event id", () => ({ eventId: randomUUID() })],
    ["record time", () => ({ recordedAt: "2019-09-26T08:30:00.001Z" })],
    ["hash", () => ({ hash: "f".repeat(64) })],
  ])(
    "refuses a recorded event whose %s changed after it was recorded, and writes nothing",
    async (_label, change) => {
      const { store } = harness();
      const id = uniqueStreamId("recorded-changed");
      const events = recorded(id, sampleEvents(3));
      await expectIntegrityRefusal(store, id, tampered(events, 1, change));
      expect(await store.readStream(id)).toEqual([]);
      // The same batch unchanged is taken: what was refused was the change.
      expect((await store.appendRecorded(id, events)).streamVersion).toBe(3);
    },
  );

  it("refuses recorded events under another stream id than they were recorded in", async () => {
    const { store } = harness();
    const id = uniqueStreamId("recorded-elsewhere");
    await expectIntegrityRefusal(store, id, recorded(uniqueStreamId("recorded-original"), sampleEvents(2)));
    expect(await store.readStream(id)).toEqual([]);
  });

  it("refuses a batch whose previousHash is not the stored head's hash, and takes one that chains on", async () => {
    const h = harness();
    const { id, first, second } = await twoEventStream(h.store);
    // Each next event correctly hashed, but onto a hash that is not the head's.
    for (const client of [h.store, await h.connectAnother()]) {
      await expectIntegrityRefusal(
        client,
        id,
        recorded(id, sampleEvents(2), { version: 2, hash: first.hash }),
      );
      await expectIntegrityRefusal(
        client,
        id,
        recorded(id, sampleEvents(1), { version: 2, hash: "a".repeat(64) }),
      );
    }
    const fresh = uniqueStreamId("recorded-first");
    await expectIntegrityRefusal(
      h.store,
      fresh,
      recorded(fresh, sampleEvents(1), { version: 0, hash: second.hash }),
    );
    expect(await h.store.readStream(fresh)).toEqual([]);

    const result = await h.store.appendRecorded(
      id,
      recorded(id, sampleEvents(2), { version: 2, hash: second.hash }),
    );
    expect(result.streamVersion).toBe(4);
    expectUnbrokenChain(await h.store.readStream(id));
  });

  it.each([
    ["past the stream's end", 4, 3],
    ["over its last event", 2, 1],
    ["from its start", 1, 0],
  ])("refuses a batch that starts %s with a conflict, and writes nothing", async (_label, from, expected) => {
    const h = harness();
    const { id, first, second } = await twoEventStream(h.store);
    // Chained onto the hash of the event before `from` (past the end: one the stream never had).
    const onto = [GENESIS_HASH, first.hash, second.hash][from - 1] ?? "b".repeat(64);
    const batch = recorded(id, sampleEvents(2), { version: from - 1, hash: onto });
    const error = await thrownBy(h.store.appendRecorded(id, batch));
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: id, expected, actual: 2 });
    expect(await h.store.readStream(id)).toEqual([first, second]);
  });

  it.each([
    ["without milliseconds", "2022-03-24T20:00:00Z"],
    ["with an offset instead of UTC", "2022-03-24T21:00:00.000+01:00"],
    ["that is no date", "2022-02-30T20:00:00.000Z"],
  ])("refuses a record time %s, naming the field, and writes nothing", async (_label, recordedAt) => {
    const { store } = harness();
    const id = uniqueStreamId("recorded-time");
    // Hashed over that very time: only its form is wrong.
    const error = await thrownBy(
      store.appendRecorded(id, recorded(id, sampleEvents(1), NO_STREAM, recordedAt)),
    );
    expect(error).toBeInstanceOf(InvalidStoreInputError);
    expect(error).toMatchObject({ field: "events[0].recordedAt" });
    expect(await store.readStream(id)).toEqual([]);
  });

  it("refuses a recorded batch that repeats an event id, and writes nothing", async () => {
    const { store } = harness();
    const id = uniqueStreamId("recorded-repeated-id");
    const eventId = randomUUID();
    const repeated = recorded(id, [
      { ...sampleEvent(1), eventId },
      { ...sampleEvent(2), eventId },
    ]);
    expect(await thrownBy(store.appendRecorded(id, repeated))).toMatchObject({
      code: "INVALID_STORE_INPUT",
      field: "events[1].eventId",
    });
    expect(await store.readStream(id)).toEqual([]);
  });

  it.skipIf(!options.uniqueEventIds)(
    "refuses a recorded event whose id another stored event has, and writes nothing",
    async () => {
      const { store } = harness();
      const id = uniqueStreamId("recorded-taken-id");
      const eventId = randomUUID();
      await store.append(uniqueStreamId("recorded-id-owner"), [{ ...sampleEvent(0), eventId }], {
        expectedVersion: "no-stream",
      });
      const batch = recorded(id, [sampleEvent(1), { ...sampleEvent(2), eventId }]);
      expect(await thrownBy(store.appendRecorded(id, batch))).toMatchObject({
        code: "INVALID_STORE_INPUT",
        field: "events[1].eventId",
      });
      expect(await store.readStream(id)).toEqual([]);
    },
  );
}
