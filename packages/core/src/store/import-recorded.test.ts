import { createMemoryStore, MemoryDriver } from "@iop/store-memory";
import { sampleEvents } from "@iop/store-testkit";
import { describe, expect, it } from "vitest";
import { ConcurrencyError } from "../errors/index.js";
import { createEventStore, type IopStore } from "./core-event-store.js";
import type { EventStoreDriver } from "./driver.js";
import type { RecordedAppend, StoredEvent } from "./envelope.js";

/** A memory driver that counts its writes, with or without the bulk path. */
function countingDriver(bulk: boolean) {
  const memory = new MemoryDriver();
  const calls = { append: 0, appendChunk: 0 };
  const driver: EventStoreDriver = {
    name: memory.name,
    projections: memory.projections,
    append: (request) => {
      calls.append += 1;
      return memory.append(request);
    },
    readStream: (request) => memory.readStream(request),
    readAll: (request) => memory.readAll(request),
    close: () => memory.close(),
    classify: () => undefined,
    ...(bulk && {
      appendChunk: (appends) => {
        calls.appendChunk += 1;
        return memory.appendChunk(appends);
      },
    }),
  };
  return { store: createEventStore(driver), calls };
}

const asRecorded = ({ streamId: _s, globalPosition: _g, ...event }: StoredEvent) => event;

/** Three streams interleaved, as their events were stored, in runs of one stream. */
async function interleavedRuns(): Promise<RecordedAppend[]> {
  const source = createMemoryStore();
  for (const [turn, events] of [sampleEvents(2), sampleEvents(1, 2), sampleEvents(2, 3)].entries())
    for (const id of ["agreement-a", "agreement-b", "agreement-c"])
      await source.append(id, events, { expectedVersion: turn === 0 ? "no-stream" : "stream-exists" });
  return (await source.readAll()).reduce<RecordedAppend[]>((runs, event) => {
    const last = runs.at(-1);
    if (last?.streamId === event.streamId) (last.events as unknown[]).push(asRecorded(event));
    else runs.push({ streamId: event.streamId, events: [asRecorded(event)] });
    return runs;
  }, []);
}

const contents = async (store: IopStore) => (await store.readAll()).map(asRecorded);

describe("importRecorded", () => {
  it.each([
    ["with", true, { append: 0, appendChunk: 1 }],
    ["without", false, { append: 9, appendChunk: 0 }],
  ])("on a driver %s appendChunk: one write for the chunk, or one per append", async (_l, bulk, writes) => {
    const runs = await interleavedRuns();
    const { store, calls } = countingDriver(bulk);
    const results = await store.importRecorded(runs);
    expect(calls).toEqual(writes);
    expect(results.map((r) => r.streamVersion)).toEqual([2, 2, 2, 3, 3, 3, 5, 5, 5]);
    expect(await contents(store)).toEqual(runs.flatMap((run) => run.events));
  });

  it.each([true, false])(
    "a stored stream taken as new, last in the chunk, writes nothing (bulk path: %s)",
    async (bulk) => {
      const runs = await interleavedRuns();
      const { store, calls } = countingDriver(bulk);
      await store.importRecorded(runs.slice(0, 1));
      const before = await contents(store);
      // agreement-a again from its start, after a new stream's run.
      const error = await store.importRecorded([runs[1], runs[0]] as RecordedAppend[]).catch((e) => e);
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ streamId: "agreement-a", expected: 0, actual: 2 });
      expect(await contents(store)).toEqual(before);
      // Without the bulk path the core read the head and refused before any write.
      expect(calls.append).toBe(bulk ? 0 : 1);
    },
  );
});
