import { formatMb, markdownTable } from "./report.js";

/**
 * The rules workload's figures: the per-command cost as the store grows. Recording is linear in
 * the number of commands when a command costs the same at 10 000 as at 1 000.
 */

/** One timed window: the `commands` commands recorded just before the store held `at` commands. */
export interface GrowthPoint {
  readonly at: number;
  readonly commands: number;
  readonly seconds: number;
}

/** What one contender measured in the rules workload. */
export interface GrowthRun {
  readonly contender: string;
  readonly points: readonly GrowthPoint[];
  /** Peak resident set of its child processes, in kilobytes. */
  readonly maxRssKb: number;
}

/** Per-command cost at the last point ÷ at the first at most this: near-linear recording. */
export const GROWTH_TARGET = 1.5;

/** Microseconds per command in a window. */
export function microsPerCommand(point: GrowthPoint): number {
  return (point.seconds * 1e6) / point.commands;
}

/**
 * Of several rounds' windows, the fastest at each checkpoint: the least disturbed by other work
 * on the machine, as the other workloads report their best round.
 */
export function fastestPoints(rounds: readonly (readonly GrowthPoint[])[]): GrowthPoint[] {
  const best = new Map<number, GrowthPoint>();
  for (const points of rounds)
    for (const point of points) {
      const top = best.get(point.at);
      if (top === undefined || microsPerCommand(point) < microsPerCommand(top)) best.set(point.at, point);
    }
  return [...best.values()].sort((a, b) => a.at - b.at);
}

/** Per-command cost at the last checkpoint ÷ at the first: 1.0 when it does not grow; `undefined` without two points. */
export function growthRatio(points: readonly GrowthPoint[]): number | undefined {
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined || first === last) return undefined;
  return microsPerCommand(last) / microsPerCommand(first);
}

/** The growth target of one contender's run: what was measured and whether it was met. */
export interface GrowthOutcome {
  readonly description: string;
  readonly actual: number | undefined;
  readonly met: boolean | undefined;
}

/** The growth target of each run, in words for the checkpoints it measured. */
export function growthTargets(runs: readonly GrowthRun[]): GrowthOutcome[] {
  const at = (p: GrowthPoint | undefined) => p?.at.toLocaleString("en-US") ?? "?";
  return runs.map(({ contender, points }) => {
    const actual = growthRatio(points);
    return {
      description: `${contender}: per-command cost through the rules at ${at(points.at(-1))} ÷ at ${at(points[0])} ≤ ${GROWTH_TARGET}`,
      actual,
      met: actual === undefined ? undefined : actual <= GROWTH_TARGET,
    };
  });
}

/** Per contender: µs per command at each checkpoint, the growth ratio against the target, peak memory. */
export function growthTable(runs: readonly GrowthRun[]): string {
  const checkpoints = [...new Set(runs.flatMap((r) => r.points.map((p) => p.at)))].sort((a, b) => a - b);
  const rows = runs.map((run) => {
    const ratio = growthRatio(run.points);
    return [
      run.contender,
      ...checkpoints.map((at) => {
        const point = run.points.find((p) => p.at === at);
        return point === undefined
          ? "—"
          : `${Math.round(microsPerCommand(point)).toLocaleString("en-US")} µs`;
      }),
      ratio === undefined ? "—" : `${ratio.toFixed(2)} ${ratio <= GROWTH_TARGET ? "(met)" : "(MISSED)"}`,
      formatMb(run.maxRssKb),
    ];
  });
  return markdownTable(
    [
      "contender",
      ...checkpoints.map((at) => `at ${at.toLocaleString("en-US")}`),
      `growth (≤ ${GROWTH_TARGET})`,
      "peak RSS",
    ],
    rows,
  );
}
