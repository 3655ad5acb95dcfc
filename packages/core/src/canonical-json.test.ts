import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";
import { exactJson } from "./store/exact-json.js";

const runs = Number(process.env.IOP_PROPERTY_SCALE ?? 1) * 200;

describe("canonicalJson (RFC 8785)", () => {
  it("writes integer-like keys in code-unit order too, not as JavaScript lists them", () => {
    expect(canonicalJson({ "9": 1, "10": 2, a: 3 })).toBe('{"10":2,"9":1,"a":3}');
  });

  it("leaves out undefined fields and writes numbers as ECMAScript does", () => {
    expect(canonicalJson({ b: undefined, a: [1e21, 0.1, -5, 1.5e-7] })).toBe('{"a":[1e+21,0.1,-5,1.5e-7]}');
  });

  it("is the text the store writes: exactJson of a value equals canonicalJson of it read back", () => {
    fc.assert(
      fc.property(fc.jsonValue({ noUnicodeString: false }), (value) => {
        let written: string;
        try {
          written = exactJson(value, "value");
        } catch {
          return; // -0 and lone surrogates are refused by the store, so never hashed
        }
        expect(canonicalJson(JSON.parse(written))).toBe(written);
        expect(canonicalJson(value)).toBe(written);
      }),
      { numRuns: runs },
    );
  });
});
