import { CHAIN_SHAPES, type ChainShape, type Measurement } from "./job.js";
import { formatRate, type Group, markdownTable } from "./report.js";

/** One backend setting's chain figures for one shape of appends, in µs per event. */
export interface ChainFigures {
  readonly group: Group["key"];
  readonly shape: ChainShape;
  /** The raw driver without the chain. */
  readonly raw: number;
  /** The same raw driver keeping the chain: canonical data, sealed batches, two more columns. */
  readonly chained: number;
  readonly ours: number;
  /** The chain's sealing alone (`sealBatch`: canonical envelope text and SHA-256), no database. */
  readonly seal: number;
}

const GROUP_LABELS: Readonly<Record<Group["key"], string>> = {
  "sqlite-full": "SQLite FULL",
  "sqlite-normal": "SQLite NORMAL",
  postgres: "PostgreSQL",
};

const SHAPE_LABELS: Readonly<Record<ChainShape, string>> = {
  single: "single appends",
  batched: "appends of 100",
};

/** µs per event of a measurement. */
export function microsPerEvent(m: Pick<Measurement, "events" | "seconds">): number {
  return (m.seconds * 1e6) / m.events;
}

/**
 * Of several rounds of the same child, each measurement's fastest: the least disturbed by other
 * load, as the other workloads report their best round.
 */
export function fastestMeasurements(rounds: readonly (readonly Measurement[])[]): Measurement[] {
  const best = new Map<string, Measurement>();
  for (const round of rounds)
    for (const m of round) {
      const top = best.get(m.workload);
      if (top === undefined || microsPerEvent(m) < microsPerEvent(top)) best.set(m.workload, m);
    }
  return [...best.values()];
}

/** The figures of each shape whose four measurements are all there. */
export function chainFigures(group: Group["key"], measurements: readonly Measurement[]): ChainFigures[] {
  const of = (name: string) => {
    const m = measurements.find((x) => x.workload === name);
    return m === undefined ? undefined : microsPerEvent(m);
  };
  return CHAIN_SHAPES.flatMap((shape): ChainFigures[] => {
    const [raw, chained, ours, seal] = ["raw", "chained", "ours", "seal"].map((w) =>
      of(`chain-${w}-${shape}`),
    );
    if (raw === undefined || chained === undefined || ours === undefined || seal === undefined) return [];
    return [{ group, shape, raw, chained, ours, seal }];
  });
}

/**
 * What the chain costs a raw driver per event, CPU and bytes written: raw + chain − raw. Noisy
 * where a commit's fsync dominates (a few µs in hundreds).
 */
export function chainOnRaw(f: ChainFigures): number {
  return f.chained - f.raw;
}

function micros(value: number): string {
  return `${value < 10 && value > -10 ? value.toFixed(1) : Math.round(value).toLocaleString("en-US")} µs`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 && share > -0.1 ? 1 : 0)} %`;
}

/** One row per backend setting and shape: the three writers' rates and the chain's cost per event. */
export function chainTable(figures: readonly ChainFigures[]): string {
  const rate = (us: number) => `${formatRate(1e6 / us)}/s`;
  return markdownTable(
    [
      "appends",
      "raw, no chain",
      "raw + chain",
      "ours",
      "ours per event",
      "sealing per event",
      "sealing ÷ ours",
      "chain on raw per event",
      "chain on raw ÷ ours",
    ],
    figures.map((f) => [
      `${GROUP_LABELS[f.group]}, ${SHAPE_LABELS[f.shape]}`,
      rate(f.raw),
      rate(f.chained),
      rate(f.ours),
      micros(f.ours),
      micros(f.seal),
      percent(f.seal / f.ours),
      micros(chainOnRaw(f)),
      percent(chainOnRaw(f) / f.ours),
    ]),
  );
}
