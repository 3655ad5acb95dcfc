import fc from "fast-check";
import { MAX_JSON_DEPTH } from "../store/exact-json.js";

/** An object whose property is a getter that answers differently each time it is read. */
function flippingGetter(): object {
  let reads = 0;
  return Object.defineProperty({}, "amount", { enumerable: true, get: () => ++reads });
}

function cyclic(): object {
  const value: { self?: unknown; list: unknown[] } = { list: [] };
  value.self = value;
  value.list.push(value);
  return value;
}

function nested(depth: number): unknown {
  let value: unknown = { leaf: true };
  for (let i = 1; i < depth; i++) value = i % 2 === 0 ? { inner: value } : [value];
  return value;
}

class Money {
  constructor(readonly kronor: number) {}
}

/**
 * Values JSON cannot carry exactly, each a way an append or a command has been seen to be
 * changed, dropped or to crash: the store must refuse every one of them with a typed error.
 */
export const unfaithfulValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(-0),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.bigInt().map((n) => n),
  fc.constant(undefined).map(() => [1, undefined, 3]),
  fc.constant(null).map(() => {
    const holes = new Array(3);
    holes[1] = "x";
    return holes;
  }),
  fc.constant(null).map(() => Object.assign([1, 2], { extra: "dropped by JSON" })),
  fc.constant(null).map(() => new Date("2022-03-24T00:00:00Z")),
  fc.constant(null).map(() => new Map([["a", 1]])),
  fc.constant(null).map(() => new Money(324_000)),
  fc.constant(null).map(flippingGetter),
  fc.constant(null).map(cyclic),
  fc.integer({ min: MAX_JSON_DEPTH + 1, max: MAX_JSON_DEPTH + 200 }).map(nested),
  fc.constantFrom("\ud800", "a\udc00b", "nul\u0000inside"),
  fc.constant(null).map(() => ({ [Symbol("key")]: 1 })),
  fc.constant(null).map(() => Object.defineProperty({}, "hidden", { value: 1, enumerable: false })),
  fc.constant(null).map(() => new Proxy({ a: 1 }, {})),
  fc.constant(null).map(() => () => 1),
  fc.constant(null).map(() => Symbol("value")),
  fc.constant(null).map(() => new Uint8Array([1, 2])),
);

/** JSON values that must round-trip exactly, awkward ones included (`__proto__`, 1e21, Unicode). */
export const faithfulValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4, noUnicodeString: false }) },
  fc.constantFrom(
    { ["__proto__"]: 1 },
    JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
    1e21,
    5e-324,
    Number.MAX_SAFE_INTEGER,
    0.1 + 0.2,
    "🎨 Järva ‘å’ \u2028 \\",
    Object.create(null) as unknown,
    nested(MAX_JSON_DEPTH - 1),
  ),
);

/**
 * A value that is faithful JSON or has one unfaithful value buried somewhere inside: what a
 * hostile or careless caller sends.
 */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  faithfulValue,
  unfaithfulValue,
  fc.tuple(fc.string({ maxLength: 8 }), unfaithfulValue).map(([key, bad]) => ({ ok: 1, [key || "k"]: bad })),
  fc.tuple(faithfulValue, unfaithfulValue).map(([good, bad]) => [good, { deeper: [bad] }]),
);

/**
 * True when `output` (read back from a store) is exactly `input`: same JSON types, numbers equal
 * by `Object.is`, arrays of the same length, objects with the same keys (a key whose value is
 * `undefined` counts as absent, as JSON leaves it out). Call it only on input a store accepted:
 * such input holds no accessors, so reading it again is safe.
 */
export function sameJson(input: unknown, output: unknown): boolean {
  if (typeof input === "number") return typeof output === "number" && Object.is(input, output);
  if (input === null || typeof input !== "object") return input === output;
  if (output === null || typeof output !== "object") return false;
  if (Array.isArray(input) !== Array.isArray(output)) return false;
  if (Array.isArray(input)) {
    const out = output as unknown[];
    return input.length === out.length && input.every((item, i) => sameJson(item, out[i]));
  }
  const inKeys = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
  const outKeys = Object.keys(output);
  if (inKeys.length !== outKeys.length) return false;
  return inKeys.every(
    (k) =>
      Object.hasOwn(output, k) &&
      sameJson((input as Record<string, unknown>)[k], (output as Record<string, unknown>)[k]),
  );
}
