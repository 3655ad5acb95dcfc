import { randomUUID } from "node:crypto";
import {
  type AppendResult,
  ConcurrencyError,
  type ExpectedVersion,
  type IopStore,
  type NewEvent,
} from "@iop/core";
import { faithfulValue } from "@iop/core/testing";
import fc from "fast-check";
import { expect, it } from "vitest";
import { appendedAs, expectUnbrokenChain } from "./chain-checks.js";
import type { EventStoreHarness } from "./harness.js";
import { readEverything } from "./read-everything.js";
import { sampleEvent, uniqueStreamId } from "./sample-events.js";

const WRITERS = 3;
const STREAMS = 3;

/**
 * Data whose canonical form is easy to get wrong: keys out of order, integer-like keys (which
 * JavaScript lists first), `__proto__`, numbers JSON writes in exponent form, escapes, Unicode.
 */
const AWKWARD_DATA = JSON.parse(
  '{"zeta":1,"10":"ten","9":"nine","__proto__":{"b":2,"a":1},"Ö":"ö","é":"e\\u0301",' +
    '"amounts":[1e21,1e-7,0.1,-5,324000],"text":"quote \\" slash \\\\ line \\u2028 🎨","empty":{},"none":null}',
) as Record<string, unknown>;

/** An event carrying `value` in its data (as the exact-round-trip properties carry one). */
function carrying(value: unknown, n: number): NewEvent {
  const base = sampleEvent(n);
  return { ...base, eventId: randomUUID(), data: { ...(base.data as object), value } };
}

/** Faithful JSON a store can keep: without the NUL and lone surrogates that are refused. */
const keptValue = faithfulValue.filter((value) => !/\\u0000|\\ud[89a-f]/i.test(JSON.stringify(value)));

interface Batch {
  readonly writer: number;
  readonly stream: number;
  readonly values: readonly unknown[];
  readonly mode: "exact" | "any" | "no-stream" | "stream-exists";
}

const batch: fc.Arbitrary<Batch> = fc.record({
  writer: fc.nat({ max: WRITERS - 1 }),
  stream: fc.nat({ max: STREAMS - 1 }),
  values: fc.array(keptValue, { minLength: 1, maxLength: 4 }),
  mode: fc.constantFrom("exact", "any", "any", "no-stream", "stream-exists"),
});

async function expectedFor(store: IopStore, streamId: string, mode: Batch["mode"]): Promise<ExpectedVersion> {
  if (mode !== "exact") return mode;
  const [last] = await store.readStream(streamId, { direction: "backwards", limit: 1 });
  return last?.streamVersion ?? 0;
}

/** An acknowledged append: its stream, the ids it sent and what the store said of it. */
interface Committed {
  readonly streamId: string;
  readonly eventIds: readonly string[];
  readonly result: AppendResult;
}

/**
 * Expects every acknowledged batch of `streamId` to lie contiguous in its stream, its result to
 * name the version of its last event, and `result.events` (when reported) to be the read's.
 */
async function expectCommittedAsRead(
  store: IopStore,
  streamId: string,
  committed: readonly Committed[],
  reportsAppendedEvents: boolean,
): Promise<void> {
  const stream = await store.readStream(streamId);
  expectUnbrokenChain(stream);
  const ids = stream.map((e) => e.eventId);
  const ours = committed.filter((c) => c.streamId === streamId);
  expect(stream).toHaveLength(ours.reduce((n, c) => n + c.eventIds.length, 0));
  for (const { eventIds, result } of ours) {
    const at = ids.indexOf(eventIds[0] ?? "");
    const events = stream.slice(at, at + eventIds.length);
    expect(events.map((e) => e.eventId)).toEqual(eventIds);
    expect(result.streamVersion).toBe(events.at(-1)?.streamVersion);
    if (reportsAppendedEvents) expect(result.events).toEqual(events.map(appendedAs));
  }
}

/**
 * The hash chain: every event read back carries the hash of its envelope, chained to the event
 * before it in its stream, whoever wrote it and however writers raced.
 */
export function hashChainTests(
  harness: () => EventStoreHarness,
  reportsAppendedEvents: boolean,
  numRuns: number,
): void {
  // Opened once for this part: each is a client of its own where the adapter has the notion.
  let writers: Promise<IopStore[]> | undefined;
  const openWriters = (): Promise<IopStore[]> => {
    writers ??= (async () => {
      const h = harness();
      const opened = [h.store];
      while (opened.length < WRITERS) opened.push(await h.connectAnother());
      return opened;
    })();
    return writers;
  };

  it("chains every event read back from the genesis hash, each hash its envelope's", async () => {
    const { store } = harness();
    const id = uniqueStreamId("chain");
    const other = uniqueStreamId("chain-other");
    await store.append(id, [{ ...sampleEvent(0), data: AWKWARD_DATA }], { expectedVersion: "no-stream" });
    await store.append(other, [sampleEvent(1)], { expectedVersion: "no-stream" });
    await store.append(id, [sampleEvent(2), sampleEvent(3, AWKWARD_DATA)], { expectedVersion: 1 });
    await store.append(id, [{ ...sampleEvent(4), metadata: AWKWARD_DATA }], { expectedVersion: "any" });
    await store.append(id, [{ type: "Bare", schemaVersion: 3, data: {} }], {
      expectedVersion: "stream-exists",
    });

    const forwards = await store.readStream(id);
    expect(forwards).toHaveLength(5);
    expectUnbrokenChain(forwards);
    expectUnbrokenChain(await store.readStream(other));
    expect(await store.readStream(id, { direction: "backwards" })).toEqual([...forwards].reverse());
    const fromAll = (await readEverything(store)).filter((e) => e.streamId === id);
    expect(fromAll).toEqual(forwards);
  });

  it("chains onto the stream's real head through a client whose view of it is stale", async () => {
    const [a, b] = (await openWriters()) as [IopStore, IopStore];
    const id = uniqueStreamId("chain-stale");
    await a.append(id, [sampleEvent(0)], { expectedVersion: "no-stream" });
    expect(await b.readStream(id)).toHaveLength(1);
    await a.append(id, [sampleEvent(1)], { expectedVersion: "any" });
    // b last saw version 1: its appends must chain onto version 2, and then 3.
    expect((await b.append(id, [sampleEvent(2)], { expectedVersion: "any" })).streamVersion).toBe(3);
    await a.append(id, [sampleEvent(3)], { expectedVersion: 3 });
    await expect(b.append(id, [sampleEvent(4)], { expectedVersion: 3 })).rejects.toMatchObject({
      code: "CONCURRENCY_CONFLICT",
      expected: 3,
      actual: 4,
    });
    expect((await b.append(id, [sampleEvent(4)], { expectedVersion: 4 })).streamVersion).toBe(5);
    expectUnbrokenChain(await a.readStream(id));
  });

  it("concurrent 'any' and 'stream-exists' appends from several clients leave one unbroken chain", async () => {
    const clients = await openWriters();
    const id = uniqueStreamId("chain-race");
    const committed: Committed[] = [];
    const first = [carrying("first", 0)];
    const created = await clients[0]?.append(id, first, { expectedVersion: "no-stream" });
    committed.push({
      streamId: id,
      eventIds: first.map((e) => e.eventId ?? ""),
      result: created as AppendResult,
    });
    // 24 appends: each race one loses is another's success, so none loses as often as the
    // store retries one (MAX_APPEND_ATTEMPTS), and every append must succeed.
    await Promise.all(
      clients.map(async (store, w) => {
        for (let n = 0; n < 8; n++) {
          const events = Array.from({ length: 1 + ((w + n) % 3) }, (_, i) => carrying({ w, n, i }, n));
          const expectedVersion = n % 2 === 0 ? "any" : "stream-exists";
          const result = await store.append(id, events, { expectedVersion });
          committed.push({ streamId: id, eventIds: events.map((e) => e.eventId ?? ""), result });
        }
      }),
    );
    await expectCommittedAsRead(clients[0] as IopStore, id, committed, reportsAppendedEvents);
  });

  it(`every stream's chain recomputes after random batches from racing clients (${numRuns} runs)`, async () => {
    const clients = await openWriters();
    const reader = clients[0] as IopStore;
    await fc.assert(
      fc.asyncProperty(fc.array(batch, { minLength: 1, maxLength: 16 }), async (batches) => {
        const prefix = uniqueStreamId("chain-prop");
        const streamId = (n: number) => `${prefix}-s${n}`;
        const committed: Committed[] = [];
        await Promise.all(
          clients.map(async (store, w) => {
            for (const op of batches.filter((b) => b.writer === w)) {
              const id = streamId(op.stream);
              const events = op.values.map((value, i) => carrying(value, i));
              try {
                const expectedVersion = await expectedFor(store, id, op.mode);
                const result = await store.append(id, events, { expectedVersion });
                committed.push({ streamId: id, eventIds: events.map((e) => e.eventId ?? ""), result });
              } catch (error) {
                if (!(error instanceof ConcurrencyError)) throw error;
              }
            }
          }),
        );
        for (let s = 0; s < STREAMS; s++)
          await expectCommittedAsRead(reader, streamId(s), committed, reportsAppendedEvents);
      }),
      { numRuns },
    );
  });
}
