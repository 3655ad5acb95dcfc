import { describe, expect, it } from "vitest";
import type { RebuildStep } from "./job.js";
import {
  costGrowth,
  costGrowthText,
  durableOverLive,
  microsOf,
  type RebuildSize,
  rebuildTable,
  rebuildTargets,
} from "./rebuild-report.js";

const MB = 1024;

/** A store of `events` over `streams`, each step given as [seconds, peak MB, agreements written?]. */
function size(
  events: number,
  streams: number,
  steps: Partial<Record<RebuildStep, [number, number, number?]>>,
): RebuildSize {
  return {
    events,
    streams,
    steps: Object.fromEntries(
      Object.entries(steps).map(([step, [seconds, mb, written]]) => [
        step,
        {
          workload: step as RebuildStep,
          events: step === "rebuild-append" ? 1 : events,
          seconds,
          maxRssKb: mb * MB,
          ...(written === undefined ? {} : { written }),
        },
      ]),
    ),
  };
}

describe("the rebuild workload's figures", () => {
  const small = size(100_000, 1000, {
    "rebuild-live": [1, 200],
    "rebuild-durable": [1.5, 150, 1000],
    "rebuild-append": [0.004, 120, 1],
  });
  const large = size(1_000_000, 10_000, {
    "rebuild-live": [12, 900],
    "rebuild-durable": [27, 400, 10_000],
    "rebuild-append": [0.005, 300, 3],
  });

  it("gives the per-event cost and its growth from the first store to the last", () => {
    expect(microsOf(small.steps["rebuild-durable"])).toBeCloseTo(15);
    expect(costGrowth([small, large], "rebuild-durable")).toBeCloseTo(1.8);
    expect(costGrowth([small, large], "rebuild-live")).toBeCloseTo(1.2);
  });

  it("has no growth with one store, or without the step on either", () => {
    expect(costGrowth([small], "rebuild-durable")).toBeUndefined();
    expect(costGrowth([small, size(1_000_000, 10_000, {})], "rebuild-durable")).toBeUndefined();
    expect(costGrowthText([small])).toBeUndefined();
  });

  it("divides the durable rebuild's time by the live replay's on the same store", () => {
    expect(durableOverLive(small)).toBeCloseTo(1.5);
    expect(durableOverLive(large)).toBeCloseTo(2.25);
    expect(durableOverLive(size(100_000, 1000, { "rebuild-durable": [1, 100] }))).toBeUndefined();
  });

  it("meets or misses each target: linear cost, within twice live, one agreement written per new event", () => {
    const outcomes = rebuildTargets([small, large]);
    expect(outcomes.map((o) => [o.description, o.met])).toEqual([
      ["SQLite: durable rebuild of the register, µs per event at 1,000,000 ÷ at 100,000 events ≤ 1.5", false],
      ["SQLite: durable rebuild ÷ live replay at 100,000 events ≤ 2", true],
      ["SQLite: durable rebuild ÷ live replay at 1,000,000 events ≤ 2", false],
      ["SQLite: one new event after the rebuild at 100,000 writes 1 agreement's rows", true],
      ["SQLite: one new event after the rebuild at 1,000,000 writes 1 agreement's rows", false],
    ]);
    expect(outcomes[4]?.actual).toBe(3);
    expect(rebuildTargets([])).toEqual([]);
    expect(rebuildTargets([size(100_000, 1000, {})]).every((o) => o.met === undefined)).toBe(true);
  });

  it("tables each store and says the growth in words", () => {
    const table = rebuildTable([small, large]);
    expect(table).toContain("| 1,000,000 events |     10,000 |");
    expect(table).toMatch(/27\.00 s · 27 µs\/event · 400 MB/);
    expect(table).toMatch(/\| +2\.3× \| +10,000 \| +3 in 5\.0 ms \|/);
    expect(costGrowthText([small, large])).toBe(
      "Per-event cost at 1,000,000 ÷ at 100,000 events: durable rebuild 1.80× (target ≤ 1.5), live replay 1.20×",
    );
  });
});
