import { InvalidStoreInputError, MAX_EVENT_METADATA_LENGTH, MAX_JSON_DEPTH, type NewEvent } from "@iop/core";
import { faithfulValue, hostileValue } from "@iop/core/testing";
import fc from "fast-check";
import { expect, it } from "vitest";
import type { EventStoreHarness } from "./harness.js";
import { eventCarrying, judgeAppend } from "./hostile-append.js";
import { sampleEvent, uniqueStreamId } from "./sample-events.js";

function deep(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { v: value };
  return value;
}

const getter = Object.defineProperty({}, "amount", { enumerable: true, get: () => 324_000 });
const cyclic: { self?: unknown } = {};
cyclic.self = cyclic;

/** What JSON cannot carry exactly is refused by field, never stored changed. */
export function exactRoundTripTests(harness: () => EventStoreHarness, numRuns: number): void {
  it.each([
    ["-0", { amount: -0 }, "events[0].data.amount"],
    // biome-ignore lint/suspicious/noSparseArray: the hole is what the test sends
    ["an array hole", { list: [1, , 3] }, "events[0].data.list"],
    ["undefined in an array", { list: [1, undefined] }, "events[0].data.list[1]"],
    ["a property on an array", { list: Object.assign([1], { note: "x" }) }, "events[0].data.list"],
    ["a getter", { nested: getter }, "events[0].data.nested.amount"],
    ["a cyclic value", { nested: cyclic }, "events[0].data.nested.self"],
    ["a BigInt", { amount: 324_000n }, "events[0].data.amount"],
    ["a Date", { on: new Date(0) }, "events[0].data.on"],
    ["a lone surrogate", { text: "\ud83c" }, "events[0].data.text"],
    ["a proxy", { nested: new Proxy({}, {}) }, "events[0].data.nested"],
    ["a symbol key", { nested: { [Symbol("k")]: 1 } }, "events[0].data.nested"],
    [`nesting deeper than ${MAX_JSON_DEPTH}`, { nested: deep(MAX_JSON_DEPTH) }, "events[0].data.nested"],
  ])("refuses %s in data, naming the field, and stores nothing", async (_label, data, field) => {
    const { store } = harness();
    const id = uniqueStreamId("inexact");
    const error = await store
      .append(id, [{ type: "X", schemaVersion: 1, data } as NewEvent], { expectedVersion: "any" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidStoreInputError);
    expect((error as InvalidStoreInputError).field).toContain(field);
    expect(await store.readStream(id)).toEqual([]);
  });

  it(`refuses metadata over ${MAX_EVENT_METADATA_LENGTH} characters`, async () => {
    const { store } = harness();
    const id = uniqueStreamId("big-metadata");
    const event = { ...sampleEvent(1), metadata: { note: "x".repeat(MAX_EVENT_METADATA_LENGTH) } };
    const error = await store.append(id, [event], { expectedVersion: "any" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INVALID_STORE_INPUT", field: "events[0].metadata" });
    expect(await store.readStream(id)).toEqual([]);
  });

  it.each([
    ["an array of one hole", new Array(1)],
    ["an array with a getter", Object.defineProperty([], 0, { get: () => sampleEvent(1), enumerable: true })],
    ["a proxy of an array", new Proxy([sampleEvent(1)], {})],
    ["a string", "events"],
  ])("refuses %s as the batch with a typed error", async (_label, events) => {
    expect(await judgeAppend(harness().store, events)).toBe("refused");
  });

  it(`acknowledged appends of faithful JSON read back identical (${numRuns} runs)`, async () => {
    const { store } = harness();
    await fc.assert(
      fc.asyncProperty(
        faithfulValue,
        fc.constantFrom("data", "metadata") as fc.Arbitrary<"data" | "metadata">,
        async (value, where) => {
          const verdict = await judgeAppend(store, [eventCarrying(value, where)]);
          // Faithful values are refused only for text no store can keep (lone surrogates, NUL).
          expect(["round-tripped", "refused"]).toContain(verdict);
          if (verdict === "refused") expect(JSON.stringify(value)).toMatch(/\\u0000|\\ud[89a-f]/i);
        },
      ),
      { numRuns },
    );
  });

  it(`hostile values are refused with a typed error or read back identical (${numRuns} runs)`, async () => {
    const { store } = harness();
    await fc.assert(
      fc.asyncProperty(
        hostileValue,
        fc.constantFrom("data", "metadata", "event") as fc.Arbitrary<"data" | "metadata" | "event">,
        async (value, where) => {
          expect(["round-tripped", "refused"]).toContain(
            await judgeAppend(store, [eventCarrying(value, where)]),
          );
        },
      ),
      { numRuns },
    );
  });
}
