import { describe, expect, it } from "vitest";
import {
  type MemoryCell,
  type MemoryOperation,
  type MemorySize,
  memoryGrowthOf,
  memoryTable,
  memoryTargets,
} from "./memory-report.js";

const MB = 1024;

function size(events: number, streams: number, rssMb: Partial<Record<MemoryOperation | "baseline", number>>) {
  const cells = Object.fromEntries(
    Object.entries(rssMb).map(([operation, mb]) => [
      operation,
      { workload: "verify" as const, events, seconds: events / 50_000, maxRssKb: (mb as number) * MB },
    ]),
  );
  return { events, streams, cells } satisfies MemorySize;
}

describe("the memory workload's figures", () => {
  const small = size(100_000, 1000, { baseline: 100, replay: 150, verify: 200, export: 120, import: 180 });
  const large = size(1_000_000, 10_000, { baseline: 110, replay: 165, verify: 400, export: 126 });

  it("gives an operation's peak RSS growth, whole and above the baseline child's", () => {
    expect(memoryGrowthOf(small, large, "verify")).toEqual({ rss: 2, aboveBaseline: 2.9 });
    expect(memoryGrowthOf(small, large, "export")?.rss).toBeCloseTo(1.05);
    expect(memoryGrowthOf(small, large, "export")?.aboveBaseline).toBeCloseTo(0.8);
    expect(memoryGrowthOf(small, large, "import")).toBeUndefined();
  });

  it("holds each operation to 1.2× between the smallest and the largest store", () => {
    const targets = memoryTargets([small, large]);
    expect(targets.map((t) => [t.actual, t.met])).toEqual([
      [1.1, true],
      [2, false],
      [1.05, true],
      [undefined, undefined],
    ]);
    expect(targets[1]?.description).toBe("SQLite: peak RSS of verify at 1,000,000 ÷ at 100,000 events ≤ 1.2");
    expect(memoryTargets([small])).toEqual([]);
  });

  it("tables each store's peaks and each larger store's growth with its verdict", () => {
    const table = memoryTable([small, large]);
    expect(table).toMatch(/\| 100,000 events +\| +1,000 \| +150 MB · 2\.0 s \|/);
    expect(table).toMatch(
      /\| 1,000,000 ÷ 100,000 \| +\| +1\.10× \(1\.10×\) met \| +2\.00× \(2\.90×\) MISSED \|/,
    );
    expect(table).toMatch(/\| 1,000,000 events .*\| +— \| +110 MB \|/);
  });

  it("shows the live heap of the replay's result beside its peak, where measured", () => {
    const replay = { ...(small.cells.replay as MemoryCell), resultKb: 20 * MB };
    const table = memoryTable([{ ...small, cells: { ...small.cells, replay } }, large]);
    expect(table).toMatch(/\| +150 MB · 2\.0 s \(result 20 MB\) \|/);
    expect(table).toMatch(/\| +165 MB · 20\.0 s \| +400 MB/);
  });
});
