import { ConcurrencyError, InvalidStoreInputError, type NewEvent } from "@iop/core";
import { expect, it } from "vitest";
import type { EventStoreHarness } from "./harness.js";
import { sampleEvents, uniqueStreamId } from "./sample-events.js";

/** A failed batch leaves nothing behind. */
export function atomicityTests(harness: () => EventStoreHarness): void {
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
    const all = await store.readAll();
    expect(all.filter((e) => e.streamId === id)).toHaveLength(2);
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
