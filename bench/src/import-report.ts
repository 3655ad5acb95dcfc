import type { GrowthOutcome } from "./growth.js";
import type { Measurement } from "./job.js";
import { formatMb, formatRate, formatRatio, markdownTable, rateOf } from "./report.js";

/** One import (its fastest round), with the peak memory of the child that ran it. */
export type ImportCell = Measurement & { readonly maxRssKb: number };

/** What the import workload measured on one contender. */
export interface ImportRun {
  /** `ours-sqlite-normal`, `ours-postgres`. */
  readonly contender: string;
  readonly events: number;
  /** As before the bulk path: `appendRecorded` per run of one stream. */
  readonly perStream: ImportCell | undefined;
  /** Through the bulk path: `importRecorded` in chunks. */
  readonly chunked: ImportCell | undefined;
}

/** The bulk path ÷ the per-stream path on PostgreSQL at least this (issue 15). */
export const CHUNKED_OVER_PER_STREAM_TARGET = 5;

/** Marten's published rate for bulk appends with COPY, events per second, for comparison. */
export const MARTEN_BULK_RATE = "80–110 k";

/** How many times faster the bulk path imported than the per-stream path. */
export function speedUp(run: ImportRun): number | undefined {
  const { perStream, chunked } = run;
  return perStream === undefined || chunked === undefined ? undefined : perStream.seconds / chunked.seconds;
}

const isPostgres = (run: ImportRun) => run.contender.endsWith("postgres");

/** The import workload's target: the bulk path at least 5× the per-stream path on PostgreSQL. */
export function importTargets(runs: readonly ImportRun[]): GrowthOutcome[] {
  return runs.filter(isPostgres).map((run) => {
    const actual = speedUp(run);
    return {
      description: `PostgreSQL: import of ${run.events.toLocaleString("en-US")} interleaved events, chunked ÷ per-stream appendRecorded ≥ ${CHUNKED_OVER_PER_STREAM_TARGET}`,
      actual,
      met: actual === undefined ? undefined : actual >= CHUNKED_OVER_PER_STREAM_TARGET,
    };
  });
}

function timing(cell: ImportCell | undefined): string {
  if (cell === undefined) return "—";
  return `${cell.seconds.toFixed(2)} s · ${formatRate(rateOf(cell))}/s · ${formatMb(cell.maxRssKb)}`;
}

/** One row per contender: both imports (time, events per second, peak RSS) and their ratio. */
export function importTable(runs: readonly ImportRun[]): string {
  return markdownTable(
    [
      "contender",
      "events",
      "per-stream appendRecorded (before)",
      "chunked importRecorded",
      "chunked ÷ per-stream",
    ],
    runs.map((run) => [
      run.contender,
      run.events.toLocaleString("en-US"),
      timing(run.perStream),
      timing(run.chunked),
      formatRatio(speedUp(run)),
    ]),
  );
}
