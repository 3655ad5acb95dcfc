import type { GrowthOutcome } from "./growth.js";
import type { Measurement } from "./job.js";
import { formatMb, markdownTable, peakGrowth } from "./report.js";

/** The operations whose peak memory should not grow with the store, and the baseline child. */
export const MEMORY_OPERATIONS = ["replay", "verify", "export", "import"] as const;
export type MemoryOperation = (typeof MEMORY_OPERATIONS)[number];

/** Peak RSS of the largest store ÷ of the smallest at most this, per operation (issue 15). */
export const MEMORY_GROWTH_TARGET = 1.2;

/** One operation, with the peak memory of the child that ran it alone. */
export type MemoryCell = Measurement & { readonly maxRssKb: number };

/** What the memory workload measured on one store. */
export interface MemorySize {
  readonly events: number;
  readonly streams: number;
  /** Each operation's child, and the baseline's: a child that opened the store and read one page. */
  readonly cells: Readonly<Partial<Record<MemoryOperation | "baseline", MemoryCell>>>;
}

/**
 * How an operation's peak memory grew from store `from` to store `to`: its peak RSS, and its
 * peak above the baseline child's on the same store (the part that is the operation's own).
 * `undefined` when either store did not measure it.
 */
export function memoryGrowthOf(
  from: MemorySize,
  to: MemorySize,
  operation: MemoryOperation,
): { readonly rss: number; readonly aboveBaseline: number | undefined } | undefined {
  const a = from.cells[operation];
  const b = to.cells[operation];
  if (a === undefined || b === undefined) return undefined;
  const baseline = (size: MemorySize) => size.cells.baseline?.maxRssKb;
  return peakGrowth(
    { peakKb: a.maxRssKb, baselineKb: baseline(from) },
    { peakKb: b.maxRssKb, baselineKb: baseline(to) },
  );
}

const count = (n: number) => n.toLocaleString("en-US");

/** Each operation's target: its peak RSS on the largest store ÷ on the smallest ≤ 1.2. */
export function memoryTargets(sizes: readonly MemorySize[]): GrowthOutcome[] {
  const first = sizes[0];
  const last = sizes.at(-1);
  if (first === undefined || last === undefined || first === last) return [];
  return MEMORY_OPERATIONS.map((operation) => {
    const actual = memoryGrowthOf(first, last, operation)?.rss;
    return {
      description: `SQLite: peak RSS of ${operation} at ${count(last.events)} ÷ at ${count(first.events)} events ≤ ${MEMORY_GROWTH_TARGET}`,
      actual,
      met: actual === undefined ? undefined : actual <= MEMORY_GROWTH_TARGET,
    };
  });
}

function cellText(cell: MemoryCell | undefined): string {
  if (cell === undefined) return "—";
  const result = cell.resultKb === undefined ? "" : ` (result ${formatMb(cell.resultKb)})`;
  return `${formatMb(cell.maxRssKb)} · ${cell.seconds.toFixed(1)} s${result}`;
}

/**
 * One row per store: each operation's peak RSS and time (and the live heap of its result, where
 * measured), the baseline's peak; then, against the first store, one row per larger store with
 * each operation's growth (in brackets, its growth above the baseline).
 */
export function memoryTable(sizes: readonly MemorySize[]): string {
  const [first] = sizes;
  const rows = sizes.map((s) => [
    `${count(s.events)} events`,
    count(s.streams),
    ...MEMORY_OPERATIONS.map((operation) => cellText(s.cells[operation])),
    s.cells.baseline === undefined ? "—" : formatMb(s.cells.baseline.maxRssKb),
  ]);
  const growthRows =
    first === undefined
      ? []
      : sizes.slice(1).map((to) => [
          `${count(to.events)} ÷ ${count(first.events)}`,
          "",
          ...MEMORY_OPERATIONS.map((operation) => {
            const growth = memoryGrowthOf(first, to, operation);
            if (growth === undefined) return "—";
            const own = growth.aboveBaseline === undefined ? "" : ` (${growth.aboveBaseline.toFixed(2)}×)`;
            const verdict = growth.rss <= MEMORY_GROWTH_TARGET ? "met" : "MISSED";
            return `${growth.rss.toFixed(2)}×${own} ${verdict}`;
          }),
          "",
        ]);
  return markdownTable(
    [
      "store",
      "streams",
      "replay (read all + register)",
      "verifyStore",
      "exportLines (null sink)",
      "importExport",
      "baseline (open, one page)",
    ],
    [...rows, ...growthRows],
  );
}
