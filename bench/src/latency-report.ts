import type { LatencyFigures } from "./job.js";
import { formatMb, formatRatio, type Group, markdownTable } from "./report.js";

/** What the latency workload measured on one contender. */
export interface LatencyRun {
  readonly contender: string;
  /** Appends timed. */
  readonly appends: number;
  readonly figures: LatencyFigures;
  /** Peak resident set of its child, in kilobytes. */
  readonly maxRssKb: number;
}

/** The percentiles reported, with their headings. */
export const PERCENTILES: readonly { readonly key: keyof LatencyFigures; readonly label: string }[] = [
  { key: "p50", label: "p50" },
  { key: "p99", label: "p99" },
  { key: "p999", label: "p99.9" },
  { key: "max", label: "max" },
];

/**
 * The nearest-rank percentile `p` (0 < p ≤ 1) of `sorted`, ascending: the smallest sample that
 * at least `p` of the samples are at or below.
 * @throws {Error} when there are no samples.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new Error("percentile: no samples");
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] as number;
}

/** The figures of appends that took `nanos` nanoseconds each (in any order), in microseconds. */
export function latencyFigures(nanos: Float64Array): LatencyFigures {
  const sorted = Float64Array.from(nanos).sort();
  const micros = (p: number) => percentile(sorted, p) / 1000;
  return { p50: micros(0.5), p99: micros(0.99), p999: micros(0.999), max: micros(1) };
}

/** `85 µs`, `1,234 µs`; `4.2 µs` below ten. */
export function formatMicros(micros: number | undefined): string {
  if (micros === undefined) return "—";
  return micros < 10 ? `${micros.toFixed(1)} µs` : `${Math.round(micros).toLocaleString("en-US")} µs`;
}

/**
 * Ours ÷ the other contender's latency at one percentile: above 1 ours is slower (the inverse of
 * the rate tables' ratios). `undefined` unless both were measured.
 */
export function latencyRatio(
  runs: readonly LatencyRun[],
  ours: string,
  other: string,
  key: keyof LatencyFigures,
): number | undefined {
  const a = runs.find((r) => r.contender === ours);
  const b = runs.find((r) => r.contender === other);
  return a === undefined || b === undefined ? undefined : a.figures[key] / b.figures[key];
}

/**
 * One Markdown table per group: each percentile for ours, Emmett and the raw driver, ours ÷ raw
 * and ours ÷ Emmett; then the appends timed and the peak RSS per contender. Groups with nothing
 * measured are left out.
 */
export function latencyTables(runs: readonly LatencyRun[], groupList: readonly Group[]): string {
  const out: string[] = [];
  for (const group of groupList) {
    const members = [group.ours, group.emmett, group.raw].map((id) => runs.find((r) => r.contender === id));
    if (members.every((m) => m === undefined)) continue;
    const rows = PERCENTILES.map(({ key, label }) => [
      label,
      ...members.map((m) => formatMicros(m?.figures[key])),
      formatRatio(latencyRatio(runs, group.ours, group.raw, key)),
      formatRatio(latencyRatio(runs, group.ours, group.emmett, key)),
    ]);
    rows.push([
      "appends · peak RSS",
      ...members.map((m) =>
        m === undefined ? "—" : `${m.appends.toLocaleString("en-US")} · ${formatMb(m.maxRssKb)}`,
      ),
      "",
      "",
    ]);
    out.push(
      `${group.title}\n\n${markdownTable(["latency", "ours", "Emmett", "raw driver", "ours/raw", "ours/Emmett"], rows)}`,
    );
  }
  return out.join("\n\n");
}
