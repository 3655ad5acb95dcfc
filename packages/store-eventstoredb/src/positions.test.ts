import { describe, expect, it } from "vitest";
import { globalPositionOf, globalPositionOfCommit, NO_POSITION, readPositionAfter } from "./positions.js";

describe("global positions", () => {
  it("are the commit position as a number", () => {
    expect(globalPositionOf({ commit: 0n, prepare: 0n })).toBe(0);
    expect(globalPositionOf({ commit: 1_234_567n, prepare: 1_234_567n })).toBe(1_234_567);
    expect(globalPositionOfCommit(2n ** 40n)).toBe(2 ** 40);
  });

  it("ignore the prepare position", () => {
    expect(globalPositionOf({ commit: 500n, prepare: 420n })).toBe(500);
  });

  it("are undefined when the server reported none", () => {
    expect(globalPositionOf(undefined)).toBeUndefined();
    expect(globalPositionOfCommit(undefined)).toBeUndefined();
    expect(globalPositionOf({ commit: NO_POSITION, prepare: NO_POSITION })).toBeUndefined();
    expect(globalPositionOfCommit(-1n)).toBeUndefined();
  });

  it("hold exactly up to Number.MAX_SAFE_INTEGER and refuse to round beyond it", () => {
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    expect(globalPositionOfCommit(max)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => globalPositionOfCommit(max + 1n)).toThrow(RangeError);
  });

  it("resume a read at the position itself (forward reads include their start)", () => {
    expect(readPositionAfter(0)).toEqual({ commit: 0n, prepare: 0n });
    expect(readPositionAfter(98_765)).toEqual({ commit: 98_765n, prepare: 98_765n });
    expect(() => readPositionAfter(-1)).toThrow(RangeError);
    expect(() => readPositionAfter(0.5)).toThrow(RangeError);
  });

  it("round-trip through a read position", () => {
    for (const p of [1, 77, 2 ** 33, Number.MAX_SAFE_INTEGER]) {
      expect(globalPositionOf(readPositionAfter(p))).toBe(p);
    }
  });
});
