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
  storeLabel,
} from "./rebuild-report.js";

const MB = 1024;

/** A store of `events` over `streams`, each step given as [seconds, peak MB, agreements written?]. */
function size(
  events: number,
  streams: number,
  steps: Partial<Record<RebuildStep, [number, number, number?]>>,
  interleaved = false,
): RebuildSize {
  return {
    events,
    streams,
    interleaved,
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
  // The small store's agreements interleaved: 20× the per-event cost, which the growth must not see.
  const interleaved = size(
    100_000,
    1000,
    {
      "rebuild-live": [4, 220],
      "rebuild-durable": [30, 500, 3000],
      "rebuild-append": [0.006, 130, 1],
    },
    true,
  );

  it("gives the per-event cost and its growth from the first store to the last", () => {
    expect(microsOf(small.steps["rebuild-durable"])).toBeCloseTo(15);
    expect(costGrowth([small, large], "rebuild-durable")).toBeCloseTo(1.8);
    expect(costGrowth([small, large], "rebuild-live")).toBeCloseTo(1.2);
  });

  it("measures the growth between the stream-by-stream stores only, not the interleaved one", () => {
    expect(costGrowth([small, large, interleaved], "rebuild-durable")).toBeCloseTo(1.8);
    expect(costGrowth([small, interleaved], "rebuild-durable")).toBeUndefined();
    expect(costGrowthText([small, interleaved])).toBeUndefined();
    expect(costGrowthText([small, large, interleaved])).toMatch(
      /^Per-event cost at 1,000,000 ÷ at 100,000 events/,
    );
  });

  it("has no growth with one store, or without the step on either", () => {
    expect(costGrowth([small], "rebuild-durable")).toBeUndefined();
    expect(costGrowth([small, size(1_000_000, 10_000, {})], "rebuild-durable")).toBeUndefined();
    expect(costGrowthText([small])).toBeUndefined();
  });

  it("divides the durable rebuild's time by the live replay's on the same store", () => {
    expect(durableOverLive(small)).toBeCloseTo(1.5);
    expect(durableOverLive(large)).toBeCloseTo(2.25);
    expect(durableOverLive(interleaved)).toBeCloseTo(7.5);
    expect(durableOverLive(size(100_000, 1000, { "rebuild-durable": [1, 100] }))).toBeUndefined();
  });

  it("meets or misses each target: linear cost, within twice live, one agreement written per new event", () => {
    const outcomes = rebuildTargets([small, large, interleaved]);
    expect(outcomes.map((o) => [o.description, o.met])).toEqual([
      ["SQLite: durable rebuild of the register, µs per event at 1,000,000 ÷ at 100,000 events ≤ 1.5", false],
      ["SQLite: durable rebuild ÷ live replay at 100,000 events ≤ 2", true],
      ["SQLite: durable rebuild ÷ live replay at 1,000,000 events ≤ 2", false],
      ["SQLite: durable rebuild ÷ live replay at 100,000 events interleaved ≤ 2", false],
      ["SQLite: one new event after the rebuild at 100,000 events writes 1 agreement's rows", true],
      ["SQLite: one new event after the rebuild at 1,000,000 events writes 1 agreement's rows", false],
      [
        "SQLite: one new event after the rebuild at 100,000 events interleaved writes 1 agreement's rows",
        true,
      ],
    ]);
    expect(outcomes[0]?.actual).toBeCloseTo(1.8);
    expect(outcomes[3]?.actual).toBeCloseTo(7.5);
    expect(outcomes[5]?.actual).toBe(3);
    expect(rebuildTargets([])).toEqual([]);
    expect(rebuildTargets([size(100_000, 1000, {})]).every((o) => o.met === undefined)).toBe(true);
  });

  it("tables each store, the interleaved one named so, and says the growth in words", () => {
    const table = rebuildTable([small, large, interleaved]);
    const rows = table.split("\n").slice(2);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/^\| 1,000,000 events +\| +10,000 \|/);
    expect(rows[1]).toMatch(/27\.00 s · 27 µs\/event · 400 MB/);
    expect(rows[1]).toMatch(/\| +2\.3× \| +10,000 \| +3 in 5\.0 ms \|$/);
    expect(rows[2]).toMatch(/^\| 100,000 events interleaved \| +1,000 \|/);
    expect(rows[2]).toMatch(/30\.00 s · 300 µs\/event · 500 MB/);
    expect(rows[2]).toMatch(/\| +7\.5× \| +3,000 \| +1 in 6\.0 ms \|$/);
    expect(storeLabel(small)).toBe("100,000 events");
    expect(costGrowthText([small, large])).toBe(
      "Per-event cost at 1,000,000 ÷ at 100,000 events stream by stream: durable rebuild 1.80× (target ≤ 1.5), live replay 1.20×",
    );
  });
});
