import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidStoreInputError } from "../errors/index.js";
import { checkedJson, exactJson } from "./exact-json.js";

/** What a serialiser made of a value: its text, or the field and reason it refused. */
function outcome(serialise: (value: unknown, path: string) => string, value: unknown) {
  try {
    return { text: serialise(value, "value") };
  } catch (error) {
    if (!(error instanceof InvalidStoreInputError)) throw error;
    return { refused: error.message };
  }
}

const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;
// An array with a hole at 1, made without a sparse literal.
const holed: unknown[] = [1];
holed[2] = 3;
const accessor = Object.defineProperty({}, "kronor", { get: () => 324_000, enumerable: true });
const hostile: [string, unknown][] = [
  ["NaN", { n: Number.NaN }],
  ["-0", [0, -0]],
  ["undefined in an array", [1, undefined]],
  ["a hole", holed],
  ["a lone surrogate", { name: "Husby \ud800" }],
  ["NUL", "a\u0000b"],
  ["a Date", { on: new Date(0) }],
  ["a Map", new Map()],
  ["a cycle", cyclic],
  ["an accessor", accessor],
  ["a function", { f: () => 1 }],
  ["a symbol key", { [Symbol("s")]: 1 }],
  ["a proxy", new Proxy({}, {})],
  ["BigInt", { n: 1n }],
  ["a non-enumerable property", Object.defineProperty({}, "hidden", { value: 1, enumerable: false })],
  ["an extra array property", Object.assign([1, 2], { note: "x" })],
  ["a proxy deep in an array", [{ reports: [1, new Proxy([], {})] }]],
  ["nesting deeper than 64 levels", Array.from({ length: 70 }).reduce<unknown>((inner) => [inner], 1)],
];

describe("checkedJson", () => {
  it.each(hostile)("refuses %s exactly as exactJson does", (_label, value) => {
    const checked = outcome(checkedJson, value);
    expect(checked).toHaveProperty("refused");
    expect(checked).toEqual(outcome(exactJson, value));
  });

  it("writes every JSON value exactly: it parses back equal, and equal to exactJson's (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const checked = outcome(checkedJson, value);
        const exact = outcome(exactJson, value);
        if ("refused" in exact) expect(checked).toEqual(exact);
        else expect(JSON.parse(checked.text ?? "")).toEqual(JSON.parse(exact.text));
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it("refuses what exactJson refuses and accepts what it accepts, on any value (property)", () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
      withObjectString: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        const checked = outcome(checkedJson, value);
        const exact = outcome(exactJson, value);
        expect("refused" in checked).toBe("refused" in exact);
        if (!("refused" in exact)) expect(JSON.parse(checked.text ?? "")).toEqual(JSON.parse(exact.text));
      }),
      { numRuns: propertyRuns(2000) },
    );
  });
});
