import { inspect } from "node:util";
import fc from "fast-check";
import { MAX_JSON_DEPTH } from "../store/exact-json.js";
import { MAX_EVENT_DATA_LENGTH, MAX_EVENT_METADATA_LENGTH } from "../store/store-input.js";

/** An object whose property is a getter that answers differently each time it is read. */
function flippingGetter(): object {
  let reads = 0;
  return Object.defineProperty({}, "amount", { enumerable: true, get: () => ++reads });
}

/**
 * A proxy whose traps throw: reading it in any way runs caller code that fails. Symbol keys
 * are let through, as fast-check asks generated values for its own symbols.
 */
function throwingProxy(): object {
  const fail = (): never => {
    throw new Error("trap");
  };
  const unlessSymbol = (_target: object, key: string | symbol) =>
    typeof key === "symbol" ? undefined : fail();
  return new Proxy(
    {},
    {
      get: unlessSymbol,
      has: (target, key) => unlessSymbol(target, key) ?? false,
      ownKeys: fail,
      getOwnPropertyDescriptor: unlessSymbol,
      getPrototypeOf: fail,
    },
  );
}

/** A revoked proxy: any reading of it throws. */
export function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
  revoke();
  return proxy;
}

function cyclic(): object {
  const value: { self?: unknown; list: unknown[] } = { list: [] };
  value.self = value;
  value.list.push(value);
  return value;
}

/**
 * Objects and arrays nested `depth` levels deep. Past a few thousand levels, hand it out from a
 * mutation rather than as a generated value: fast-check's printing of values would overflow.
 */
export function deeplyNested(depth: number): unknown {
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
  fc.constant(null).map(() =>
    Object.defineProperty({}, "amount", {
      enumerable: true,
      get: () => {
        throw new Error("getter");
      },
    }),
  ),
  fc.constant(null).map(cyclic),
  fc.integer({ min: MAX_JSON_DEPTH + 1, max: MAX_JSON_DEPTH + 200 }).map(deeplyNested),
  fc.constantFrom("\ud800", "a\udc00b", "nul\u0000inside"),
  fc.constant(null).map(() => ({ [Symbol("key")]: 1 })),
  fc.constant(null).map(() => Object.defineProperty({}, "hidden", { value: 1, enumerable: false })),
  fc.constant(null).map(() => new Proxy({ a: 1 }, {})),
  fc.constant(null).map(() => new Proxy([1, 2], {})),
  fc.constant(null).map(throwingProxy),
  // fast-check reads every value it generates, so a revoked proxy can only come wrapped.
  fc.constant(null).map(() => ({ revoked: revokedProxy() })),
  fc.constant(null).map(() => Object(324_000) as unknown),
  fc.constant(null).map(() => new (class Items extends Array {})()),
  fc.constant(null).map(() => () => 1),
  fc.constant(null).map(() => Symbol("value")),
  fc.constant(null).map(() => new Uint8Array([1, 2])),
);

/** JSON values that must round-trip exactly, awkward ones included (`__proto__`, 1e21, Unicode). */
export const faithfulValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    // Through JSON once: fc.jsonValue may give -0, which JSON cannot carry (it is unfaithful).
    arbitrary: fc
      .jsonValue({ maxDepth: 4, noUnicodeString: false })
      .map((v) => JSON.parse(JSON.stringify(v))),
  },
  fc.constantFrom(
    { ["__proto__"]: 1 },
    JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
    1e21,
    5e-324,
    Number.MAX_SAFE_INTEGER,
    0.1 + 0.2,
    "🎨 Järva ‘å’ \u2028 \\",
    Object.create(null) as unknown,
    deeplyNested(MAX_JSON_DEPTH - 1),
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

/**
 * Text a careless or hostile caller puts where an id, a name or a date belongs: empty, blank,
 * padded, control characters, lone surrogates, NUL, a leading `$`, over the stream-id length,
 * look-alike dates, SQL and path fragments, prototype names, and any Unicode at all.
 */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    "   ",
    "  Husby  ",
    "\t\n",
    "\u0000",
    "x\u0000y",
    "\ud800",
    "\udfff\ud800",
    "\u0007bell",
    "\u007f",
    "$all",
    "$et-Applied",
    "agreement-",
    "../../etc/passwd",
    "'; DROP TABLE events; --",
    "%s%n%x",
    "\\",
    "\u2028\u2029",
    "\u202eRTL",
    "zero\u200bwidth",
    "e\u0301\u0301\u0301",
    "🎨🧵",
    "__proto__",
    "constructor",
    "toString",
    "2022-02-30",
    "2022-3-24",
    "+002022-03-24",
    "2022-03-24T00:00:00Z",
    "0000-00-00",
    "9999-12-31",
    "NaN",
    "1e400",
  ),
  fc.integer({ min: 195, max: 205 }).map((n) => "i".repeat(n)),
  fc.integer({ min: 999, max: 1001 }).map((n) => "s".repeat(n)),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
);

/**
 * Values large enough to meet every size limit: text over the metadata limit, event data just
 * under and over {@link MAX_EVENT_DATA_LENGTH}, and wide arrays and objects. Each is built per
 * run, so use it with a small weight.
 */
export const hugeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null).map(() => "m".repeat(MAX_EVENT_METADATA_LENGTH + 1)),
  fc.constant(null).map(() => "d".repeat(MAX_EVENT_DATA_LENGTH / 2)),
  fc.constant(null).map(() => "D".repeat(MAX_EVENT_DATA_LENGTH + 1)),
  fc.constant(null).map(() => Array.from({ length: 100_000 }, (_, i) => i)),
  fc.constant(null).map(() => Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))),
);

/**
 * A short, one-line description of any value, for a counterexample report. It never runs code
 * of the value (no getters, traps, `toString` or custom inspection) and never throws.
 */
export function describeValue(value: unknown): string {
  try {
    const text = inspect(value, {
      depth: 1,
      maxArrayLength: 3,
      maxStringLength: 24,
      breakLength: Number.POSITIVE_INFINITY,
      showProxy: true,
      getters: false,
      customInspect: false,
    });
    return text.length > 90 ? `${text.slice(0, 89)}…` : text;
  } catch {
    return `(a ${typeof value} that cannot be shown)`;
  }
}
