import { randomUUID } from "node:crypto";
import { ConcurrencyError, type EventStore, type ExpectedVersion, type StoredEvent } from "@iop/core";
import fc from "fast-check";
import { expect, it } from "vitest";
import type { EventStoreHarness } from "./harness.js";
import { sampleEvent, uniqueStreamId } from "./sample-events.js";

const WRITERS = 3;
const STREAMS = 4;

interface Operation {
  readonly writer: number;
  readonly stream: number;
  readonly size: number;
  readonly mode: "exact" | "any" | "no-stream" | "stream-exists";
}

const operation: fc.Arbitrary<Operation> = fc.record({
  writer: fc.nat({ max: WRITERS - 1 }),
  stream: fc.nat({ max: STREAMS - 1 }),
  size: fc.integer({ min: 1, max: 4 }),
  mode: fc.constantFrom("exact", "exact", "any", "no-stream", "stream-exists"),
});

async function expectedFor(
  store: EventStore,
  streamId: string,
  mode: Operation["mode"],
): Promise<ExpectedVersion> {
  if (mode !== "exact") return mode;
  const [last] = await store.readStream(streamId, { direction: "backwards", limit: 1 });
  return last?.streamVersion ?? 0;
}

/** Follows read-all from its checkpoint until told to stop and a last read comes back empty. */
async function follow(store: EventStore, done: () => boolean): Promise<StoredEvent[]> {
  const seen: StoredEvent[] = [];
  let checkpoint = 0;
  for (;;) {
    const finished = done();
    const page = await store.readAll({ after: checkpoint, limit: 7 });
    seen.push(...page);
    checkpoint = page.at(-1)?.globalPosition ?? checkpoint;
    if (page.length === 0 && finished) return seen;
    if (page.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * fast-check: random interleavings of concurrent writers over random streams. No event is
 * lost or duplicated, versions stay contiguous, and a reader following read-all from its
 * checkpoints sees every committed event exactly once, in an order consistent with each stream.
 */
export function concurrencyProperties(harness: () => EventStoreHarness, numRuns: number): void {
  it(`concurrent writers and a catch-up reader lose and duplicate nothing (${numRuns} runs)`, async () => {
    const h = harness();
    const writers: EventStore[] = [h.store];
    while (writers.length < WRITERS) writers.push(await h.connectAnother());

    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 24 }), async (operations) => {
        const prefix = uniqueStreamId("prop");
        const streamId = (n: number) => `${prefix}-s${n}`;
        const committed: { streamId: string; eventIds: string[] }[] = [];
        let writing = true;
        const reader = follow(h.store, () => !writing);

        await Promise.all(
          writers.map(async (store, w) => {
            for (const op of operations.filter((o) => o.writer === w)) {
              const id = streamId(op.stream);
              const events = Array.from({ length: op.size }, (_, i) => ({
                ...sampleEvent(i),
                eventId: randomUUID(),
              }));
              try {
                await store.append(id, events, { expectedVersion: await expectedFor(store, id, op.mode) });
                committed.push({ streamId: id, eventIds: events.map((e) => e.eventId) });
              } catch (error) {
                if (!(error instanceof ConcurrencyError)) throw error;
              }
            }
          }),
        );
        writing = false;
        const seen = (await reader).filter((e) => e.streamId.startsWith(`${prefix}-`));

        const committedIds = committed.flatMap((c) => c.eventIds);
        for (let s = 0; s < STREAMS; s++) {
          const stream = await h.store.readStream(streamId(s));
          expect(stream.map((e) => e.streamVersion)).toEqual(stream.map((_, i) => i + 1));
          const ids = stream.map((e) => e.eventId);
          for (const batch of committed.filter((c) => c.streamId === streamId(s))) {
            const at = ids.indexOf(batch.eventIds[0] ?? "");
            expect(ids.slice(at, at + batch.eventIds.length)).toEqual(batch.eventIds);
          }
        }
        const stored = await Promise.all(
          Array.from({ length: STREAMS }, (_, s) => h.store.readStream(streamId(s))),
        );
        expect(new Set(stored.flat().map((e) => e.eventId))).toEqual(new Set(committedIds));
        expect(stored.flat()).toHaveLength(committedIds.length);

        expect(seen.map((e) => e.eventId).sort()).toEqual([...committedIds].sort());
        for (let i = 1; i < seen.length; i++)
          expect(seen[i]?.globalPosition).toBeGreaterThan(seen[i - 1]?.globalPosition ?? 0);
        const lastVersion = new Map<string, number>();
        for (const event of seen) {
          expect(event.streamVersion).toBe((lastVersion.get(event.streamId) ?? 0) + 1);
          lastVersion.set(event.streamId, event.streamVersion);
        }
      }),
      { numRuns },
    );
  });
}
