import { describe, expect, it } from "vitest";
import {
  best,
  type Cell,
  evaluateTargets,
  formatMb,
  formatRate,
  formatRatio,
  groups,
  markdownTable,
  Results,
  rateOf,
  resultTables,
  TARGETS,
  type Target,
  targetTable,
} from "./report.js";

const cell = (contender: string, workload: Cell["workload"], events: number, seconds: number): Cell => ({
  contender,
  workload,
  events,
  seconds,
  maxRssKb: 100 * 1024,
});

describe("formatting", () => {
  it("formats rates, memory and ratios", () => {
    expect(formatRate(123_456.7)).toBe("123,457");
    expect(formatRate(42.25)).toBe("42.3");
    expect(formatMb(150 * 1024 + 300)).toBe("150 MB");
    expect(formatRatio(12.4)).toBe("12×");
    expect(formatRatio(3.44)).toBe("3.4×");
    expect(formatRatio(0.456)).toBe("0.46×");
    expect(formatRatio(undefined)).toBe("—");
  });

  it("pads a Markdown table, text left and numbers right", () => {
    expect(
      markdownTable(
        ["a", "b"],
        [
          ["xx", "1"],
          ["y", "222"],
        ],
      ),
    ).toBe(["| a  |   b |", "|----|----:|", "| xx |   1 |", "| y  | 222 |"].join("\n"));
  });
});

describe("results", () => {
  const results = new Results([
    cell("ours-sqlite-full", "single", 10_000, 2),
    cell("emmett-sqlite-full", "single", 1000, 2),
    cell("raw-sqlite-full", "single", 12_000, 2),
    cell("ours-postgres", "read-all", 1000, 1),
  ]);

  it("computes rates and ours/theirs ratios", () => {
    expect(rateOf(cell("x", "single", 500, 0.25))).toBe(2000);
    expect(results.ratio("ours-sqlite-full", "emmett-sqlite-full", "single")).toBe(10);
    expect(results.ratio("ours-sqlite-full", "raw-sqlite-full", "single")).toBeCloseTo(0.833, 3);
    expect(results.ratio("ours-postgres", "emmett-postgres", "read-all")).toBeUndefined();
  });

  it("keeps the fastest round", () => {
    expect(best([cell("a", "single", 100, 2), cell("a", "single", 100, 1)])?.seconds).toBe(1);
    expect(best([])).toBeUndefined();
  });

  it("tabulates each group with its ratios and marks capped counts", () => {
    const table = resultTables(results, groups("PostgreSQL"), { single: 12_000 });
    expect(table).toContain("SQLite — WAL, synchronous=FULL");
    expect(table).toMatch(
      /\| 1 single appends +\| +5,000\/s · 100 MB \(10,000 ev\) \| +500\/s · 100 MB \(1,000 ev\) \|/,
    );
    expect(table).toMatch(/10× \| +0\.83× \|/);
    expect(table).not.toContain("synchronous=NORMAL");
  });

  it("says which targets are met, missed or not measured", () => {
    const targets: Target[] = [
      {
        description: "single ≥ 10× Emmett",
        group: "sqlite-full",
        workload: "single",
        versus: "emmett",
        threshold: 10,
      },
      {
        description: "single ≥ 0.9× raw",
        group: "sqlite-full",
        workload: "single",
        versus: "raw",
        threshold: 0.9,
      },
      {
        description: "pg reads ≥ 2×",
        group: "postgres",
        workload: "read-all",
        versus: "emmett",
        threshold: 2,
      },
      {
        description: "replay ≤ 1.3× read",
        group: "replay",
        workload: "replay",
        versus: "read",
        threshold: 1.3,
      },
    ];
    const outcomes = evaluateTargets(
      results,
      groups("PostgreSQL"),
      { replay: cell("ours", "replay", 1_000_000, 7.2), read: cell("ours", "replay-read", 1_000_000, 6) },
      targets,
    );
    expect(outcomes.map((o) => o.met)).toEqual([true, false, undefined, true]);
    const table = targetTable(outcomes);
    expect(table).toContain("| single ≥ 10× Emmett |      10× |          met |");
    expect(table).toContain("MISSED");
    expect(table).toContain("not measured");
    expect(table).toContain("1.20×");
    const slower = evaluateTargets(
      results,
      groups("PostgreSQL"),
      { replay: cell("ours", "replay", 1_000_000, 8), read: cell("ours", "replay-read", 1_000_000, 6) },
      targets,
    );
    expect(slower.at(-1)?.met).toBe(false);
  });

  it("lists the targets against the raw driver first, as issue #15 sets them, then the Emmett ones", () => {
    const versus = TARGETS.map((t) => t.versus);
    expect(versus.indexOf("emmett")).toBeGreaterThan(versus.lastIndexOf("raw"));
    expect(TARGETS.map((t) => t.description)).toEqual(
      expect.arrayContaining([
        "SQLite FULL: single appends ≥ 0.9× raw",
        "SQLite NORMAL: appends of 100 ≥ 0.85× raw",
        "PostgreSQL: single appends ≥ 0.7× raw",
        "PostgreSQL: command handling ≥ 0.8× raw",
        "SQLite: million-event replay into the register ≤ 1.3× reading them",
      ]),
    );
  });
});
