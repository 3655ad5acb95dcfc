import type { Measurement, VerifyStep } from "./job.js";
import { formatMb, formatRate, markdownTable, peakGrowth, rateOf } from "./report.js";

/** One step of the verify workload, with the peak memory of the child that ran it alone. */
export type VerifyCell = Measurement & { readonly maxRssKb: number };

/** What the verify workload measured on one store. */
export interface VerifySize {
  readonly events: number;
  readonly streams: number;
  readonly steps: Readonly<Partial<Record<VerifyStep, VerifyCell>>>;
}

/**
 * How a step's peak memory grew from store `from` to store `to`: its peak RSS, and its peak above
 * the baseline child's (which opened the same store and read one page), the part that is the
 * step's own. `undefined` when either store did not measure the step.
 */
export function memoryGrowth(
  from: VerifySize,
  to: VerifySize,
  step: VerifyStep,
): { readonly rss: number; readonly aboveBaseline: number | undefined } | undefined {
  const a = from.steps[step];
  const b = to.steps[step];
  if (a === undefined || b === undefined) return undefined;
  const baseline = (size: VerifySize) => size.steps["verify-open"]?.maxRssKb;
  return peakGrowth(
    { peakKb: a.maxRssKb, baselineKb: baseline(from) },
    { peakKb: b.maxRssKb, baselineKb: baseline(to) },
  );
}

function cellText(cell: VerifyCell | undefined): string {
  if (cell === undefined) return "—";
  const written = cell.bytes === undefined ? "" : ` · ${Math.round(cell.bytes / 1024 ** 2)} MB out`;
  return `${formatRate(rateOf(cell))}/s · ${formatMb(cell.maxRssKb)}${written}`;
}

/** One row per store: events per second and peak RSS of each step's own child. */
export function verifyTable(sizes: readonly VerifySize[]): string {
  return markdownTable(
    [
      "store",
      "streams",
      "recorded (appends of 100)",
      "verifyStore",
      "exportLines",
      "baseline (open, one page)",
    ],
    sizes.map((s) => [
      `${s.events.toLocaleString("en-US")} events`,
      s.streams.toLocaleString("en-US"),
      cellText(s.steps["verify-populate"]),
      cellText(s.steps.verify),
      cellText(s.steps.export),
      s.steps["verify-open"] === undefined ? "—" : formatMb(s.steps["verify-open"].maxRssKb),
    ]),
  );
}

/** How verify's and export's peak memory grew from the first store to each other one, in words. */
export function memoryGrowthText(sizes: readonly VerifySize[]): string | undefined {
  const [first, ...others] = sizes;
  if (first === undefined) return undefined;
  const lines = others.flatMap((to) => {
    const parts = (["verify", "export"] as const).flatMap((step) => {
      const growth = memoryGrowth(first, to, step);
      if (growth === undefined) return [];
      const own =
        growth.aboveBaseline === undefined ? "" : ` (${growth.aboveBaseline.toFixed(2)}× above the baseline)`;
      return [`${step} ${growth.rss.toFixed(2)}×${own}`];
    });
    if (parts.length === 0) return [];
    const times = (a: number, b: number) => `${(a / b).toFixed(0)}×`;
    return [
      `- ${to.events.toLocaleString("en-US")} events over ${to.streams.toLocaleString("en-US")} streams ` +
        `(${times(to.events, first.events)} the events, ${times(to.streams, first.streams)} the streams): ${parts.join(", ")}`,
    ];
  });
  if (lines.length === 0) return undefined;
  return `Peak RSS against the store of ${first.events.toLocaleString("en-US")} events over ${first.streams.toLocaleString("en-US")} streams:\n${lines.join("\n")}`;
}
