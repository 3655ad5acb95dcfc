import { describe, expect, it } from "vitest";
import { type ImportCell, type ImportRun, importTable, importTargets, speedUp } from "./import-report.js";

const cell = (workload: ImportCell["workload"], seconds: number): ImportCell => ({
  workload,
  events: 100_000,
  seconds,
  maxRssKb: 200 * 1024,
});

const postgres: ImportRun = {
  contender: "ours-postgres",
  events: 100_000,
  perStream: cell("import-per-stream", 80),
  chunked: cell("import-chunked", 10),
};
const sqlite: ImportRun = {
  contender: "ours-sqlite-normal",
  events: 100_000,
  perStream: cell("import-per-stream", 15),
  chunked: cell("import-chunked", 10),
};

describe("the import report", () => {
  it("gives the bulk path's speed-up over the per-stream path, and none without both", () => {
    expect(speedUp(postgres)).toBe(8);
    expect(speedUp({ ...postgres, chunked: undefined })).toBeUndefined();
  });

  it("holds PostgreSQL alone to the 5× target", () => {
    const targets = importTargets([sqlite, postgres]);
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({ actual: 8, met: true });
    expect(importTargets([{ ...postgres, chunked: cell("import-chunked", 20) }])[0]).toMatchObject({
      actual: 4,
      met: false,
    });
    expect(importTargets([{ ...postgres, perStream: undefined }])[0]?.met).toBeUndefined();
  });

  it("tables each contender's imports with their rates and ratio", () => {
    const table = importTable([sqlite, postgres]);
    expect(table).toContain("ours-postgres");
    expect(table).toContain("80.00 s · 1,250/s · 200 MB");
    expect(table).toContain("8.0×");
    expect(table).toContain("1.5×");
  });
});
