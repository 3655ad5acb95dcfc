import { describe, expect, it } from "vitest";
import {
  fastestPoints,
  type GrowthPoint,
  growthRatio,
  growthTable,
  growthTargets,
  microsPerCommand,
} from "./growth.js";

const point = (at: number, seconds: number, commands = 500): GrowthPoint => ({ at, commands, seconds });

describe("the growth of the per-command cost", () => {
  it("is the cost at the last checkpoint over the cost at the first", () => {
    expect(microsPerCommand(point(1000, 0.25))).toBe(500);
    expect(growthRatio([point(1000, 0.25), point(5000, 0.3), point(10_000, 0.3)])).toBeCloseTo(1.2);
    expect(growthRatio([point(1000, 0.25)])).toBeUndefined();
    expect(growthRatio([])).toBeUndefined();
  });

  it("takes each checkpoint's fastest window over the rounds", () => {
    const best = fastestPoints([
      [point(1000, 0.3), point(10_000, 0.4)],
      [point(1000, 0.2), point(10_000, 0.5)],
    ]);
    expect(best).toEqual([point(1000, 0.2), point(10_000, 0.4)]);
  });

  it("judges the target: at most 1.5 is met", () => {
    const runs = [
      {
        contender: "ours-sqlite-normal",
        points: [point(1000, 0.2), point(10_000, 0.3)],
        maxRssKb: 200 * 1024,
      },
      { contender: "ours-postgres", points: [point(1000, 0.2), point(10_000, 0.31)], maxRssKb: 210 * 1024 },
      { contender: "ours-failed", points: [], maxRssKb: 0 },
    ];
    expect(growthTargets(runs).map((o) => o.met)).toEqual([true, false, undefined]);
    expect(growthTargets(runs)[0]?.description).toBe(
      "ours-sqlite-normal: per-command cost through the rules at 10,000 ÷ at 1,000 ≤ 1.5",
    );
    const table = growthTable(runs).split("\n");
    expect(table[0]).toMatch(/\| contender +\| +at 1,000 \| +at 10,000 \| growth \(≤ 1\.5\) \| peak RSS \|/);
    expect(table[2]).toMatch(/ours-sqlite-normal +\| +400 µs \| +600 µs \| +1\.50 \(met\) \| +200 MB \|/);
    expect(table[3]).toMatch(/1\.55 \(MISSED\)/);
    expect(table[4]).toMatch(/ours-failed +\| +— \| +— \| +— \|/);
  });
});
