import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitByDays } from "./split-by-days.js";

describe("splitByDays", () => {
  it("splits Husby's first grant over 2019 and 2020 by days, in whole kronor summing to the grant", () => {
    // 2019-06-01 → 2019-12-31 is 214 days, 2020-01-01 → 2020-08-31 is 244 (a leap year).
    expect(splitByDays(250_000, [214, 244])).toEqual([116_812, 133_188]);
  });

  it("gives a kronor left over to the earlier part on a tie, and nothing to a part of 0 days", () => {
    expect(splitByDays(1, [1, 1])).toEqual([1, 0]);
    expect(splitByDays(100, [0, 3])).toEqual([0, 100]);
  });

  it("is exact for amounts where floating point would not be", () => {
    const parts = splitByDays(Number.MAX_SAFE_INTEGER, [365, 366, 365]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses fractions, negatives and no days", () => {
    expect(() => splitByDays(1.5, [1])).toThrow(RangeError);
    expect(() => splitByDays(-1, [1])).toThrow(RangeError);
    expect(() => splitByDays(1, [0, 0])).toThrow(RangeError);
    expect(() => splitByDays(1, [1.5])).toThrow(RangeError);
  });

  it("always sums to the amount, with each part within one krona of its exact share", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc
          .array(fc.integer({ min: 0, max: 1096 }), { minLength: 1, maxLength: 6 })
          .filter((d) => d.some((x) => x > 0)),
        (kronor, days) => {
          const parts = splitByDays(kronor, days);
          const total = days.reduce((a, b) => a + b, 0);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(kronor);
          parts.forEach((part, i) => {
            expect(Number.isInteger(part)).toBe(true);
            expect(Math.abs(part - (kronor * (days[i] ?? 0)) / total)).toBeLessThan(1);
          });
        },
      ),
    );
  });
});
