import { describe, expect, it } from "vitest";
import { closest, editDistance } from "./suggest.js";

describe("closest", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("verfy", "verify")).toBe(1);
    expect(editDistance("show", "history")).toBe(5);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests within two edits only", () => {
    expect(closest("verfy", ["record", "verify"])).toBe("verify");
    expect(closest("--jsn", ["--json", "--out"])).toBe("--json");
    expect(closest("frobnicate", ["record", "verify"])).toBeUndefined();
  });
});
