import { describe, expect, it } from "vitest";
import {
  formatMicros,
  type LatencyRun,
  latencyFigures,
  latencyRatio,
  latencyTables,
  percentile,
} from "./latency-report.js";
import { groups } from "./report.js";

const run = (contender: string, p50: number, p99: number, p999: number, max: number): LatencyRun => ({
  contender,
  appends: 20_000,
  figures: { p50, p99, p999, max },
  maxRssKb: 150 * 1024,
});

describe("the latency workload's figures", () => {
  it("takes the nearest-rank percentile: the smallest sample at least that share is at or below", () => {
    const sorted = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(500);
    expect(percentile(sorted, 0.99)).toBe(990);
    expect(percentile(sorted, 0.999)).toBe(999);
    expect(percentile(sorted, 1)).toBe(1000);
    expect(percentile([7], 0.999)).toBe(7);
    expect(() => percentile([], 0.5)).toThrow(/no samples/);
  });

  it("gives the percentiles of unsorted nanoseconds in microseconds, leaving the samples as they were", () => {
    // 1 000 appends of 100 µs but for one slow one of 50 ms and nine of 2 ms.
    const nanos = new Float64Array(1000).fill(100_000);
    nanos[3] = 50_000_000;
    for (let i = 10; i < 19; i++) nanos[i] = 2_000_000;
    expect(latencyFigures(nanos)).toEqual({ p50: 100, p99: 100, p999: 2000, max: 50_000 });
    expect(nanos[3]).toBe(50_000_000);
  });

  it("gives ours ÷ theirs per percentile, above 1 where ours is slower", () => {
    const runs = [run("ours-postgres", 300, 900, 2000, 5000), run("raw-postgres", 200, 1000, 1000, 10_000)];
    expect(latencyRatio(runs, "ours-postgres", "raw-postgres", "p50")).toBe(1.5);
    expect(latencyRatio(runs, "ours-postgres", "raw-postgres", "max")).toBe(0.5);
    expect(latencyRatio(runs, "ours-postgres", "emmett-postgres", "p50")).toBeUndefined();
  });

  it("tables each measured group's percentiles with ours/raw and ours/Emmett, leaving the others out", () => {
    const table = latencyTables(
      [
        run("ours-sqlite-full", 450, 1200, 4000, 9000),
        run("emmett-sqlite-full", 900, 2400, 8000, 9000),
        run("raw-sqlite-full", 300, 1000, 5000, 20_000),
      ],
      groups("PostgreSQL"),
    );
    expect(table).toContain("SQLite — WAL, synchronous=FULL");
    expect(table).not.toContain("NORMAL");
    expect(table).not.toContain("PostgreSQL");
    expect(table).toMatch(/\| p50 +\| +450 µs \| +900 µs \| +300 µs \| +1\.5× \| +0\.50× \|/);
    expect(table).toMatch(/\| p99\.9 +\| +4,000 µs \| +8,000 µs \| +5,000 µs \| +0\.80× \| +0\.50× \|/);
    expect(table).toMatch(/\| appends · peak RSS \| 20,000 · 150 MB \|/);
  });

  it("writes microseconds whole from ten up", () => {
    expect(formatMicros(4.25)).toBe("4.3 µs");
    expect(formatMicros(1234.4)).toBe("1,234 µs");
    expect(formatMicros(undefined)).toBe("—");
  });
});
