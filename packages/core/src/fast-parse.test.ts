import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Command } from "./commands.js";
import { decide } from "./decide.js";
import { type DomainEvent, eventCatalog, eventTypes } from "./events/catalog.js";
import { fold, type LifecycleEvent } from "./evolve.js";
import { compileFastParse, type FastParsers, REFUSED } from "./fast-parse.js";
import { initialState } from "./state.js";
import { historyArbitrary } from "./testing/command-arbitrary.js";

function parsers(schema: z.ZodType): FastParsers {
  const generated = compileFastParse(schema);
  if (generated === undefined) throw new Error("the schema was not compiled");
  return generated;
}

/** The fast parser agrees with zod: the same verdict, and for an accepted value the same output. */
function expectAsZod(schema: z.ZodType, value: unknown) {
  const zod = schema.safeParse(value);
  for (const fast of [parsers(schema).copy(value), parsers(schema).inForm(value)]) {
    expect(fast === REFUSED, JSON.stringify(value)).toBe(!zod.success);
    if (zod.success) expect(fast).toStrictEqual(zod.data);
  }
  // A copy is never the value itself: its sender may change the value afterwards.
  if (typeof value === "object" && value !== null) expect(parsers(schema).copy(value)).not.toBe(value);
}

/** The events a generated history records: every command `decide` accepts, in order. */
function recordedEvents(steps: readonly { agreementId: string; command: Command }[]): DomainEvent[] {
  const states = new Map<string, DomainEvent[]>();
  for (const { agreementId, command } of steps) {
    const history = states.get(agreementId) ?? [];
    const decided = decide(command, fold(history as LifecycleEvent[], initialState));
    if (Array.isArray(decided)) states.set(agreementId, [...history, ...decided]);
  }
  return [...states.values()].flat();
}

type Path = readonly (string | number)[];

function pathsOf(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((item, i) => pathsOf(item, [...at, i]))];
  if (typeof value === "object" && value !== null)
    return [at, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...at, key]))];
  return [at];
}

/** `value` with the thing at `path` replaced by `replace(old)`, or deleted when it gives `DELETE`. */
const DELETE = Symbol("delete");
function changedAt(value: unknown, path: Path, replace: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replace(value);
  const [head, ...rest] = path as [string | number, ...Path];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  const next = changedAt(copy[head], rest, replace);
  if (next === DELETE) delete copy[head];
  else copy[head] = next;
  return copy;
}

const change = fc.oneof(
  fc.constant(() => DELETE),
  fc.constant(() => undefined),
  fc.constant((old: unknown) => (typeof old === "string" ? `  ${old} ` : old)),
  fc.constant((old: unknown) => (typeof old === "string" ? "" : old)),
  fc.constant((old: unknown) => (typeof old === "number" ? old + 0.5 : old)),
  fc.constant((old: unknown) => (typeof old === "number" ? -old - 1 : old)),
  fc.constant((old: unknown) => (Array.isArray(old) ? [] : old)),
  fc.constant((old: unknown) =>
    typeof old === "object" && old !== null && !Array.isArray(old) ? { ...old, unknownField: 1 } : old,
  ),
  fc.jsonValue({ maxDepth: 2 }).map((json) => () => json),
);

describe("compileFastParse", () => {
  it("compiles the data schema of every event type (a zod feature it does not know would fall back to zod)", () => {
    for (const type of eventTypes) expect(compileFastParse(eventCatalog[type].data), type).toBeDefined();
  });

  it("places fields as zod does: absent optional keys stay absent, defaults fill in, unknown keys go", () => {
    const schema = z.object({
      name: z.string().trim().min(1),
      count: z.number().int().optional(),
      items: z.array(z.enum(["a", "b"])).default([]),
      kind: z.union([z.object({ k: z.literal("x") }), z.object({ k: z.literal("y"), n: z.number() })]),
      period: z
        .object({ start: z.string(), end: z.string() })
        .refine((p) => p.start <= p.end, { message: "must not be before the start" }),
    });
    const valid = { name: " Husby ", items: ["a"], kind: { k: "y", n: 1 }, period: { start: "1", end: "2" } };
    expect(parsers(schema).inForm(valid)).toStrictEqual({ ...valid, name: "Husby" });
    const inForm = { ...valid, name: "Husby" };
    expect(parsers(schema).inForm(inForm)).toBe(inForm);
    for (const value of [
      valid,
      { ...valid, count: undefined },
      { ...valid, items: undefined },
      { ...valid, extra: true },
      { ...valid, count: 1.5 },
      { ...valid, count: Number.POSITIVE_INFINITY },
      { ...valid, name: "   " },
      { ...valid, kind: { k: "z" } },
      { ...valid, items: ["c"] },
      { ...valid, period: { start: "2", end: "1" } },
      [valid],
      null,
      "Husby",
    ])
      expectAsZod(schema, value);
  });

  it("gives zod's verdict and output for every event a generated history records, and for each changed at a random place", () => {
    const events = historyArbitrary.map(recordedEvents).filter((list) => list.length > 0);
    fc.assert(
      fc.property(events, fc.nat(), fc.nat(), change, (list, pick, where, replace) => {
        const event = list[pick % list.length] as DomainEvent;
        const schema = eventCatalog[event.type].data;
        expectAsZod(schema, event.data);
        // What a store holds (the parsed form, through JSON) is returned as it is, not copied.
        const stored = JSON.parse(JSON.stringify(schema.parse(event.data)));
        expect(parsers(schema).inForm(stored)).toBe(stored);
        const paths = pathsOf(event.data);
        expectAsZod(schema, changedAt(event.data, paths[where % paths.length] as Path, replace));
      }),
      { numRuns: propertyRuns(1000) },
    );
  });
});
