import { describe, expect, it } from "vitest";
import { counterexampleLines, resultTable, totalsLine } from "./report.js";
import { emptyTally, type Tally } from "./tally.js";

function tally(adapter: string, patch: Partial<Tally>): Tally {
  return { ...emptyTally(adapter), ...patch };
}

const clean = tally("memory", { inputs: 20_000, acknowledged: 3000, refusals: { INVALID_COMMAND: 17_000 } });
const broken = tally("sqlite", {
  inputs: 300,
  untyped: 1,
  refusals: { INVALID_COMMAND: 299 },
  examples: [
    {
      phase: "handle",
      run: 17,
      verdict: "untyped-error",
      input: "agreementId ← Symbol(x)",
      detail: "TypeError: x",
    },
  ],
});

describe("the fuzz report", () => {
  it("has a row per adapter with the four counters that must be 0", () => {
    const [header, memory, sqlite] = resultTable([clean, broken]).split("\n");
    expect(header?.split(/\s+/)).toEqual([
      "adapter",
      "inputs",
      "crashes",
      "untyped",
      "changed",
      "partial",
      "acknowledged",
      "refused",
      "time",
    ]);
    expect(memory?.split(/\s+/)).toEqual(["memory", "20000", "0", "0", "0", "0", "3000", "17000", "0.0s"]);
    expect(sqlite?.split(/\s+/).slice(0, 4)).toEqual(["sqlite", "300", "0", "1"]);
  });

  it("shows counterexamples only of adapters with a failure", () => {
    expect(counterexampleLines([clean, broken])).toEqual([
      "sqlite: first counterexamples",
      "  handle run 17: untyped-error — agreementId ← Symbol(x) — TypeError: x",
    ]);
  });

  it("ends with the totals", () => {
    expect(totalsLine([clean, broken])).toBe(
      "fuzz: 20300 inputs, 0 crashes, 1 untyped, 0 changed, 0 partial",
    );
  });
});
