import { agreementIdOfStream, canonicalJson, type RecordedEvent } from "@iop/core";
import { createMemoryStore } from "@iop/store-memory";
import { readEverything } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkProjection } from "./check-projection.js";
import { decodeFor } from "./fold.js";
import { definePerAgreementLog } from "./per-agreement-log.js";
import { appendAll, history } from "./test-support/generate.js";

/** Each event's type and version: enough to see order, loss and duplication. */
const log = definePerAgreementLog({
  name: "types-per-agreement",
  version: 1,
  types: "all",
  entryOf: (event: RecordedEvent) => ({ type: event.type, version: event.streamVersion }),
});

const decisions = definePerAgreementLog({
  name: "decisions-per-agreement",
  version: 1,
  types: ["Granted", "Rejected"],
  entryOf: (event: RecordedEvent) => event.type,
});

async function recorded(appends: Parameters<typeof appendAll>[1]): Promise<RecordedEvent[]> {
  const store = createMemoryStore();
  await appendAll(store, appends);
  return (await readEverything(store)).flatMap((stored) => decodeFor(log, stored) ?? []);
}

/** Splits `items` at the given cut points (any order, duplicates allowed). */
function split<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const points = [...new Set(cuts.map((c) => c % (items.length + 1)))].sort((a, b) => a - b);
  const parts: T[][] = [];
  let from = 0;
  for (const to of [...points, items.length]) {
    parts.push(items.slice(from, to));
    from = to;
  }
  return parts;
}

describe("definePerAgreementLog", () => {
  it("keeps every agreement's entries in stream order, in any batches, in place or not, never changing a state it was given", async () => {
    await fc.assert(
      fc.asyncProperty(history(6), fc.array(fc.nat(), { maxLength: 6 }), async (appends, cuts) => {
        const events = await recorded(appends);
        // Frozen inputs, one by one vs all at once vs two batches, JSON states.
        const whole = checkProjection(log, events);

        let state = log.initialState;
        for (const batch of split(events, cuts)) {
          const before = canonicalJson(state);
          const next = log.applyAll(Object.freeze(state), batch);
          expect(canonicalJson(state)).toBe(before);
          state = next;
        }
        expect(canonicalJson(state)).toBe(canonicalJson(whole));

        // Folding in place (as runLive does) gives the same, and leaves a state it did not make alone.
        const half = log.applyAll(log.initialState, events.slice(0, events.length >> 1));
        const halfBefore = canonicalJson(half);
        let reused = half;
        for (const batch of split(events.slice(events.length >> 1), cuts))
          reused = log.applyAllReusing?.(reused, batch) ?? reused;
        expect(canonicalJson(reused)).toBe(canonicalJson(whole));
        expect(canonicalJson(half)).toBe(halfBefore);

        for (const [agreementId, entries] of Object.entries(whole)) {
          const own = events.filter((e) => agreementIdOfStream(e.streamId) === agreementId);
          expect(entries).toEqual(own.map((e) => ({ type: e.type, version: e.streamVersion })));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("keeps only the types it names and is exhaustive only for all of them", async () => {
    const events = await recorded(fc.sample(history(4), { numRuns: 1, seed: 7 })[0] ?? []);
    const state = checkProjection(decisions, events);
    const kept = events.filter((e) => e.type === "Granted" || e.type === "Rejected");
    expect(Object.values(state).flat()).toEqual(expect.arrayContaining(kept.map((e) => e.type)));
    expect(Object.values(state).flat()).toHaveLength(kept.length);
    expect(decisions.handledTypes).toEqual(["Granted", "Rejected"]);
    expect(decisions.exhaustive).toBe(false);
    expect(log.exhaustive).toBe(true);
  });

  it("refuses a definition with a type that is not an event type or no entry function", () => {
    expect(() =>
      definePerAgreementLog({ name: "typo", version: 1, types: ["Grant" as "Granted"], entryOf: () => 1 }),
    ).toThrow(/"Grant" is not an event type/);
    expect(() =>
      definePerAgreementLog({
        name: "no-entry",
        version: 1,
        types: "all",
        entryOf: undefined as unknown as () => number,
      }),
    ).toThrow(TypeError);
    expect(() => definePerAgreementLog({ name: "", version: 1, types: "all", entryOf: () => 1 })).toThrow(
      /name/,
    );
  });
});
