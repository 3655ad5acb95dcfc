import { randomUUID } from "node:crypto";
import {
  ConcurrencyError,
  type EventStore,
  InvalidStoreInputError,
  IopError,
  type NewEvent,
} from "@iop/core";
import { expect, it } from "vitest";
import type { EventStoreHarness } from "./harness.js";
import { readEverything } from "./read-everything.js";
import { sampleEvent, sampleEvents, uniqueStreamId } from "./sample-events.js";

/** Events with ids of their own, so the suite can tell which of them were stored. */
function identifiedEvents(count: number): NewEvent[] {
  return sampleEvents(count).map((event) => ({ ...event, eventId: randomUUID() }));
}

/** Stores one event in a stream of its own and returns its id. */
async function idStoredElsewhere(store: EventStore): Promise<string> {
  const eventId = randomUUID();
  await store.append(uniqueStreamId("atomic-id-owner"), [{ ...sampleEvent(0), eventId }], {
    expectedVersion: "no-stream",
  });
  return eventId;
}

/**
 * A failed batch leaves nothing behind. `uniqueEventIds`: whether the adapter refuses an event
 * id the store already holds (`ConformanceOptions.uniqueEventIds`).
 */
export function atomicityTests(harness: () => EventStoreHarness, uniqueEventIds: boolean): void {
  it("a batch with one bad event writes none of it", async () => {
    const { store } = harness();
    const id = uniqueStreamId("atomic-bad");
    await store.append(id, sampleEvents(1), { expectedVersion: "no-stream" });
    const bad = [...sampleEvents(3), { type: "PeriodReported", schemaVersion: 1, data: "not an object" }];
    await expect(store.append(id, bad as NewEvent[], { expectedVersion: 1 })).rejects.toBeInstanceOf(
      InvalidStoreInputError,
    );
    expect(await store.readStream(id)).toHaveLength(1);
    const after = await store.append(id, sampleEvents(1), { expectedVersion: 1 });
    expect(after.streamVersion).toBe(2);
  });

  it("a batch that conflicts writes none of it", async () => {
    const { store } = harness();
    const id = uniqueStreamId("atomic-conflict");
    await store.append(id, sampleEvents(2), { expectedVersion: "no-stream" });
    await expect(store.append(id, sampleEvents(50), { expectedVersion: 1 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    const events = await store.readStream(id);
    expect(events.map((e) => e.streamVersion)).toEqual([1, 2]);
    const all = await readEverything(store);
    expect(all.filter((e) => e.streamId === id)).toHaveLength(2);
  });

  // The two tests above are refused before anything is written (by the shared input checks and
  // the version check). Here the batch passes both and fails only at its last event, after the
  // others were written: 100 events, so adapters that insert in chunks have sent some already.
  it.each([
    ["an event stored in another stream", true],
    ["an earlier event of the same batch", false],
  ])("a batch whose last event repeats the id of %s writes all or none of it", async (_label, stored) => {
    const { store } = harness();
    const id = uniqueStreamId("atomic-repeated-id");
    await store.append(id, sampleEvents(1), { expectedVersion: "no-stream" });
    const fresh = identifiedEvents(99);
    const repeated = stored ? await idStoredElsewhere(store) : (fresh[0]?.eventId ?? "");
    // In upper case: ids are UUIDs, compared whatever their case.
    const batch = [...fresh, { ...sampleEvent(99), eventId: repeated.toUpperCase() }];
    const error = await store.append(id, batch, { expectedVersion: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const written = (await store.readStream(id)).slice(1);
    const writtenToAll = (await readEverything(store)).filter((e) => e.streamId === id).slice(1);

    if (uniqueEventIds) {
      expect(error).toBeInstanceOf(InvalidStoreInputError);
      expect(error).toMatchObject({ field: `events[${batch.length - 1}].eventId` });
      expect(written).toEqual([]);
      expect(writtenToAll).toEqual([]);
      // None of the fresh ids was kept: the batch without its repeated event is accepted whole.
      const retry = await store.append(id, fresh, { expectedVersion: 1 });
      expect(retry.streamVersion).toBe(1 + fresh.length);
      return;
    }
    // An adapter that cannot refuse a repeated id must still write the batch whole, or refuse
    // it whole with a typed error.
    const expected = error === undefined ? batch.map((e) => e.eventId?.toLowerCase()) : [];
    if (error !== undefined) expect(error).toBeInstanceOf(IopError);
    expect(written.map((e) => e.eventId)).toEqual(expected);
    expect(writtenToAll.map((e) => e.eventId)).toEqual(expected);
  });

  it("refuses an empty batch", async () => {
    const { store } = harness();
    const id = uniqueStreamId("atomic-empty");
    await expect(store.append(id, [], { expectedVersion: "any" })).rejects.toBeInstanceOf(
      InvalidStoreInputError,
    );
    expect(await store.readStream(id)).toEqual([]);
  });
}
