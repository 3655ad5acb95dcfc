import { describe, expect, it } from "vitest";
import { chainFigures, chainOnRaw, chainTable, fastestMeasurements, microsPerEvent } from "./chain-report.js";
import type { Measurement } from "./job.js";

const m = (workload: Measurement["workload"], seconds: number, events = 1000): Measurement => ({
  workload,
  events,
  seconds,
});

/** A child's measurements of one shape: µs per event of each writer and of the sealing. */
const batched = (raw: number, chained: number, ours: number, seal: number): Measurement[] => [
  m("chain-raw-batched", raw / 1000),
  m("chain-chained-batched", chained / 1000),
  m("chain-ours-batched", ours / 1000),
  m("chain-seal-batched", seal / 1000),
];

describe("the chain workload's figures", () => {
  it("keeps each measurement's fastest round", () => {
    const best = fastestMeasurements([batched(10, 20, 40, 5), batched(12, 18, 44, 4)]);
    const us = (name: string) => microsPerEvent(best.find((x) => x.workload === name) as Measurement);
    expect([us("chain-raw-batched"), us("chain-chained-batched"), us("chain-ours-batched")]).toEqual([
      10, 18, 40,
    ]);
    expect(us("chain-seal-batched")).toBeCloseTo(4);
  });

  it("gives µs per event, and the chain's cost on the raw floor as raw + chain − raw", () => {
    const [figures, ...rest] = chainFigures("sqlite-normal", batched(10, 18, 40, 4));
    expect(rest).toEqual([]);
    expect(figures).toMatchObject({ group: "sqlite-normal", shape: "batched", raw: 10, ours: 40 });
    expect(chainOnRaw(figures as NonNullable<typeof figures>)).toBeCloseTo(8);
  });

  it("leaves out a shape with a writer missing (a child that failed half way)", () => {
    expect(chainFigures("postgres", batched(10, 18, 40, 4).slice(1))).toEqual([]);
  });

  it("tables rates, µs per event and the chain's share of our append", () => {
    const table = chainTable(chainFigures("sqlite-full", batched(10, 18, 40, 4)));
    const row = table.split("\n").find((line) => line.includes("SQLite FULL, appends of 100")) ?? "";
    const cells = row.split("|").map((c) => c.trim());
    // raw, raw + chain, ours, ours µs, sealing µs, sealing ÷ ours, chain on raw µs, ÷ ours
    expect(cells.slice(2, 10)).toEqual([
      "100,000/s",
      "55,556/s",
      "25,000/s",
      "40 µs",
      "4.0 µs",
      "10 %",
      "8.0 µs",
      "20 %",
    ]);
  });
});
