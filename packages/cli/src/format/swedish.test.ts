import { describe, expect, it } from "vitest";
import { kronor, kronorOrDash, period } from "./swedish.js";

describe("Swedish amounts", () => {
  it.each([
    [0, "0 kr"],
    [999, "999 kr"],
    [1000, "1 000 kr"],
    [324000, "324 000 kr"],
    [1234567, "1 234 567 kr"],
    [-50000, "−50 000 kr"],
  ])("writes %d as %s, grouped with plain spaces", (amount, text) => {
    expect(kronor(amount)).toBe(text);
  });

  it("writes a dash for no amount and for no period", () => {
    expect(kronorOrDash(null)).toBe("–");
    expect(period(null)).toBe("–");
    expect(period({ start: "2022-01-01", end: "2022-12-31" })).toBe("2022-01-01 – 2022-12-31");
  });
});
