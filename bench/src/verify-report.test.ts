import { describe, expect, it } from "vitest";
import type { VerifyStep } from "./job.js";
import { memoryGrowth, memoryGrowthText, type VerifySize, verifyTable } from "./verify-report.js";

const MB = 1024;

function size(events: number, streams: number, rssMb: Partial<Record<VerifyStep, number>>): VerifySize {
  const steps = Object.fromEntries(
    Object.entries(rssMb).map(([step, mb]) => [
      step,
      { workload: step as VerifyStep, events, seconds: events / 50_000, maxRssKb: (mb as number) * MB },
    ]),
  );
  return { events, streams, steps };
}

describe("the verify workload's figures", () => {
  const small = size(100_000, 1000, { "verify-open": 100, verify: 150, export: 120 });
  const wide = size(1_000_000, 10_000, { "verify-open": 110, verify: 210, export: 122 });
  const long = size(1_000_000, 1000, { "verify-open": 100, verify: 160, export: 121 });

  it("gives each step's peak memory growth, whole and above the baseline child's", () => {
    expect(memoryGrowth(small, wide, "verify")).toEqual({ rss: 1.4, aboveBaseline: 2 });
    expect(memoryGrowth(small, wide, "export")?.aboveBaseline).toBeCloseTo(0.6);
  });

  it("has no growth for a step a store did not measure", () => {
    expect(memoryGrowth(small, size(1_000_000, 10_000, {}), "verify")).toBeUndefined();
    expect(memoryGrowthText([small])).toBeUndefined();
  });

  it("says it in words for each store against the first, with the growth of events and streams", () => {
    expect(memoryGrowthText([small, wide, long])).toBe(
      [
        "Peak RSS against the store of 100,000 events over 1,000 streams:",
        "- 1,000,000 events over 10,000 streams (10× the events, 10× the streams): " +
          "verify 1.40× (2.00× above the baseline), export 1.02× (0.60× above the baseline)",
        "- 1,000,000 events over 1,000 streams (10× the events, 1× the streams): " +
          "verify 1.07× (1.20× above the baseline), export 1.01× (1.05× above the baseline)",
      ].join("\n"),
    );
  });

  it("tables each store's rates and peak memory", () => {
    const table = verifyTable([small, wide]);
    expect(table).toContain("| 1,000,000 events |  10,000 |");
    expect(table).toMatch(/50,000\/s · 210 MB/);
  });
});
