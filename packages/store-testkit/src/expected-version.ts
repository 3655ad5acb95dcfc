import { ConcurrencyError, type EventStore, type ExpectedVersion } from "@iop/core";
import { expect, it } from "vitest";
import type { EventStoreHarness } from "./harness.js";
import { sampleEvents, uniqueStreamId } from "./sample-events.js";

async function expectConflict(
  attempt: Promise<unknown>,
  streamId: string,
  expected: ExpectedVersion,
  actual: number,
): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConcurrencyError);
  expect(error).toMatchObject({ streamId, expected, actual, code: "CONCURRENCY_CONFLICT" });
}

/** Expected-version checks, including two writers racing to create one stream. */
export function expectedVersionTests(harness: () => EventStoreHarness): void {
  it("'no-stream' creates a stream and refuses an existing one", async () => {
    const { store } = harness();
    const id = uniqueStreamId("no-stream");
    await store.append(id, sampleEvents(2), { expectedVersion: "no-stream" });
    await expectConflict(
      store.append(id, sampleEvents(1), { expectedVersion: "no-stream" }),
      id,
      "no-stream",
      2,
    );
    expect(await store.readStream(id)).toHaveLength(2);
  });

  it("version 0 means the stream must not exist yet", async () => {
    const { store } = harness();
    const id = uniqueStreamId("zero");
    await store.append(id, sampleEvents(1), { expectedVersion: 0 });
    await expectConflict(store.append(id, sampleEvents(1), { expectedVersion: 0 }), id, 0, 1);
  });

  it("'stream-exists' refuses a stream that does not exist and accepts one that does", async () => {
    const { store } = harness();
    const id = uniqueStreamId("exists");
    await expectConflict(
      store.append(id, sampleEvents(1), { expectedVersion: "stream-exists" }),
      id,
      "stream-exists",
      0,
    );
    expect(await store.readStream(id)).toEqual([]);
    await store.append(id, sampleEvents(1), { expectedVersion: "any" });
    const result = await store.append(id, sampleEvents(1), { expectedVersion: "stream-exists" });
    expect(result.streamVersion).toBe(2);
  });

  it("an exact version must match the stream's last version", async () => {
    const { store } = harness();
    const id = uniqueStreamId("exact");
    await store.append(id, sampleEvents(3), { expectedVersion: "no-stream" });
    await expectConflict(store.append(id, sampleEvents(1), { expectedVersion: 2 }), id, 2, 3);
    await expectConflict(store.append(id, sampleEvents(1), { expectedVersion: 4 }), id, 4, 3);
    const fresh = uniqueStreamId("exact-new");
    await expectConflict(store.append(fresh, sampleEvents(1), { expectedVersion: 1 }), fresh, 1, 0);
    const ok = await store.append(id, sampleEvents(1), { expectedVersion: 3 });
    expect(ok.streamVersion).toBe(4);
  });

  it("'any' appends whatever the stream holds", async () => {
    const { store } = harness();
    const id = uniqueStreamId("any");
    await store.append(id, sampleEvents(1), { expectedVersion: "any" });
    const result = await store.append(id, sampleEvents(2), { expectedVersion: "any" });
    expect(result.streamVersion).toBe(3);
  });

  it("two writers creating the same stream at once: exactly one succeeds, the other gets the conflict", async () => {
    const h = harness();
    const other = await h.connectAnother();
    for (let round = 0; round < 10; round++) {
      const id = uniqueStreamId("race-create");
      const results = await Promise.allSettled([
        h.store.append(id, sampleEvents(2), { expectedVersion: "no-stream" }),
        other.append(id, sampleEvents(3), { expectedVersion: "no-stream" }),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r) => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const winnerCount = results[0]?.status === "fulfilled" ? 2 : 3;
      const reason = (lost[0] as PromiseRejectedResult).reason as unknown;
      expect(reason).toBeInstanceOf(ConcurrencyError);
      expect(reason).toMatchObject({ streamId: id, expected: "no-stream", actual: winnerCount });
      expect(await h.store.readStream(id)).toHaveLength(winnerCount);
    }
  });

  it("two writers at the same exact version: exactly one succeeds", async () => {
    const h = harness();
    const other = await h.connectAnother();
    const writers: EventStore[] = [h.store, other];
    for (let round = 0; round < 10; round++) {
      const id = uniqueStreamId("race-exact");
      await h.store.append(id, sampleEvents(1), { expectedVersion: "no-stream" });
      const results = await Promise.allSettled(
        writers.map((w) => w.append(id, sampleEvents(1), { expectedVersion: 1 })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ expected: 1, actual: 2 });
      expect((await h.store.readStream(id)).map((e) => e.streamVersion)).toEqual([1, 2]);
    }
  });
}
