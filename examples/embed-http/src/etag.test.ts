import { describe, expect, it } from "vitest";
import { etagOf, noneMatchHits, parseIfMatch } from "./etag.js";

describe("etagOf", () => {
  it("writes a strong tag of the version", () => expect(etagOf(12)).toBe('"12"'));
});

describe("parseIfMatch", () => {
  it("reads one or more strong tags", () => {
    expect(parseIfMatch('"0"')).toEqual(new Set([0]));
    expect(parseIfMatch('"3", "4"')).toEqual(new Set([3, 4]));
  });
  it("lets a weak tag match nothing (strong comparison)", () => {
    expect(parseIfMatch('W/"3"')).toEqual(new Set());
  });
  it("refuses what is no entity tag of a version", () => {
    for (const bad of ["3", '"03"', '"-1"', '"a"', "*", ""]) expect(parseIfMatch(bad), bad).toBeUndefined();
  });
});

describe("noneMatchHits", () => {
  it("compares weakly and knows *", () => {
    expect(noneMatchHits('"2"', 2)).toBe(true);
    expect(noneMatchHits('W/"2"', 2)).toBe(true);
    expect(noneMatchHits('"1", "2"', 2)).toBe(true);
    expect(noneMatchHits("*", 2)).toBe(true);
    expect(noneMatchHits('"1"', 2)).toBe(false);
    expect(noneMatchHits("", 2)).toBe(false);
  });
});
