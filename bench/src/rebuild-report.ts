import { microsPerEvent } from "./chain-report.js";
import type { GrowthOutcome } from "./growth.js";
import type { Measurement, RebuildStep } from "./job.js";
import { formatMb, formatRatio, markdownTable } from "./report.js";

/** One step of the rebuild workload (its fastest round), with the peak memory of the child that ran it. */
export type RebuildCell = Measurement & { readonly maxRssKb: number };

/** What the rebuild workload measured on one store. */
export interface RebuildSize {
  readonly events: number;
  readonly streams: number;
  /** Its events written interleaved (see `RebuildShape`), not stream by stream. */
  readonly interleaved: boolean;
  readonly steps: Readonly<Partial<Record<RebuildStep, RebuildCell>>>;
}

/** The durable rebuild's per-event cost at the largest stream-by-stream store ÷ at the smallest at most this: linear. */
export const REBUILD_GROWTH_TARGET = 1.5;
/** A durable rebuild ÷ a live replay of the same events at most this. */
export const DURABLE_OVER_LIVE_TARGET = 2;

/** µs per event of a step, `undefined` when it did not run (or read nothing). */
export function microsOf(cell: RebuildCell | undefined): number | undefined {
  return cell === undefined || cell.events === 0 ? undefined : microsPerEvent(cell);
}

/** The durable rebuild's time ÷ the live replay's on the same store. */
export function durableOverLive(size: RebuildSize): number | undefined {
  const { "rebuild-durable": durable, "rebuild-live": live } = size.steps;
  return durable === undefined || live === undefined ? undefined : durable.seconds / live.seconds;
}

/**
 * The stores the growth is measured between: the stream-by-stream ones, whose agreements are
 * the same but for their number (an interleaved store differs in the order of its events).
 */
function streamByStream(sizes: readonly RebuildSize[]): readonly RebuildSize[] {
  return sizes.filter((s) => !s.interleaved);
}

/**
 * A step's per-event cost on the last stream-by-stream store ÷ on the first; `undefined`
 * without both.
 */
export function costGrowth(sizes: readonly RebuildSize[], step: RebuildStep): number | undefined {
  const streamed = streamByStream(sizes);
  const first = microsOf(streamed[0]?.steps[step]);
  const last = streamed.length < 2 ? undefined : microsOf(streamed.at(-1)?.steps[step]);
  return first === undefined || last === undefined ? undefined : last / first;
}

const count = (n: number | undefined) => n?.toLocaleString("en-US") ?? "?";

/** A store by its size and, when interleaved, its order: `100,000 events interleaved`. */
export function storeLabel(size: Pick<RebuildSize, "events" | "interleaved">): string {
  return `${count(size.events)} events${size.interleaved ? " interleaved" : ""}`;
}

/**
 * The rebuild workload's targets: linear cost from the first stream-by-stream store to the
 * last, a durable rebuild within twice a live replay on each store (interleaved too), and one
 * new event after the rebuild writing the rows of one agreement.
 */
export function rebuildTargets(sizes: readonly RebuildSize[]): GrowthOutcome[] {
  if (sizes.length === 0) return [];
  const growth = costGrowth(sizes, "rebuild-durable");
  const streamed = streamByStream(sizes);
  return [
    {
      description: `SQLite: durable rebuild of the register, µs per event at ${count(streamed.at(-1)?.events)} ÷ at ${count(streamed[0]?.events)} events ≤ ${REBUILD_GROWTH_TARGET}`,
      actual: growth,
      met: growth === undefined ? undefined : growth <= REBUILD_GROWTH_TARGET,
    },
    ...sizes.map((size): GrowthOutcome => {
      const actual = durableOverLive(size);
      return {
        description: `SQLite: durable rebuild ÷ live replay at ${storeLabel(size)} ≤ ${DURABLE_OVER_LIVE_TARGET}`,
        actual,
        met: actual === undefined ? undefined : actual <= DURABLE_OVER_LIVE_TARGET,
      };
    }),
    ...sizes.map((size): GrowthOutcome => {
      const actual = size.steps["rebuild-append"]?.written;
      return {
        description: `SQLite: one new event after the rebuild at ${storeLabel(size)} writes 1 agreement's rows`,
        actual,
        met: actual === undefined ? undefined : actual === 1,
      };
    }),
  ];
}

function micros(us: number | undefined): string {
  if (us === undefined) return "—";
  return `${us < 10 ? us.toFixed(1) : Math.round(us).toLocaleString("en-US")} µs`;
}

function timing(cell: RebuildCell | undefined): string {
  if (cell === undefined) return "—";
  return `${cell.seconds.toFixed(2)} s · ${micros(microsOf(cell))}/event · ${formatMb(cell.maxRssKb)}`;
}

/**
 * One row per store (the interleaved one named so): the live replay, the durable rebuild,
 * their ratio and the catch-up of one new event.
 */
export function rebuildTable(sizes: readonly RebuildSize[]): string {
  return markdownTable(
    [
      "store",
      "agreements",
      "live replay (runLive + readRegister)",
      "durable rebuild (catchUpTables)",
      "durable ÷ live",
      "agreements written",
      "one new event: written, time",
    ],
    sizes.map((s) => {
      const append = s.steps["rebuild-append"];
      return [
        storeLabel(s),
        count(s.streams),
        timing(s.steps["rebuild-live"]),
        timing(s.steps["rebuild-durable"]),
        formatRatio(durableOverLive(s)),
        count(s.steps["rebuild-durable"]?.written),
        append === undefined ? "—" : `${count(append.written)} in ${(append.seconds * 1000).toFixed(1)} ms`,
      ];
    }),
  );
}

/**
 * How the per-event cost grew from the first stream-by-stream store to the last, in words;
 * `undefined` with fewer than two.
 */
export function costGrowthText(sizes: readonly RebuildSize[]): string | undefined {
  const durable = costGrowth(sizes, "rebuild-durable");
  const live = costGrowth(sizes, "rebuild-live");
  if (durable === undefined && live === undefined) return undefined;
  const ratio = (r: number | undefined) => (r === undefined ? "—" : `${r.toFixed(2)}×`);
  const streamed = streamByStream(sizes);
  return (
    `Per-event cost at ${count(streamed.at(-1)?.events)} ÷ at ${count(streamed[0]?.events)} events stream by stream: ` +
    `durable rebuild ${ratio(durable)} (target ≤ ${REBUILD_GROWTH_TARGET}), live replay ${ratio(live)}`
  );
}
