import type { GrowthOutcome } from "./growth.js";
import type { Measurement } from "./job.js";
import { WORKLOADS, type WorkloadId, workloadLabel } from "./plan.js";

/** One measured (contender, workload): the best round. */
export interface Cell {
  readonly contender: string;
  readonly workload: Measurement["workload"];
  /** Events appended or read, or commands handled. */
  readonly events: number;
  readonly seconds: number;
  /** Peak resident set of the child process, in kilobytes. */
  readonly maxRssKb: number;
}

/** Events (or commands) per second. */
export function rateOf(cell: Pick<Cell, "events" | "seconds">): number {
  return cell.seconds > 0 ? cell.events / cell.seconds : Number.POSITIVE_INFINITY;
}

/** Of several rounds of the same measurement, the fastest (the least disturbed by other load). */
export function best<C extends Pick<Cell, "events" | "seconds">>(rounds: readonly C[]): C | undefined {
  let top: C | undefined;
  for (const round of rounds) if (top === undefined || rateOf(round) > rateOf(top)) top = round;
  return top;
}

/** `12,345` (no decimals from 100 up), `42.5` below. */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate)) return "∞";
  if (rate >= 100) return Math.round(rate).toLocaleString("en-US");
  return rate.toFixed(1);
}

/** Kilobytes as whole megabytes (MiB). */
export function formatMb(kb: number): string {
  return `${Math.round(kb / 1024)} MB`;
}

/** `12×` from 10 up, `3.4×` from 1, `0.52×` below. */
export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined || Number.isNaN(ratio)) return "—";
  if (!Number.isFinite(ratio)) return "∞";
  if (ratio >= 10) return `${Math.round(ratio)}×`;
  if (ratio >= 1) return `${ratio.toFixed(1)}×`;
  return `${ratio.toFixed(2)}×`;
}

/** A Markdown table, columns padded so it also reads well in a terminal. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${"-".repeat(w + 1)}-` : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

/** Our contender, Emmett's and the raw driver's, compared at the same settings. */
export interface Group {
  readonly key: "sqlite-full" | "sqlite-normal" | "postgres";
  readonly title: string;
  readonly ours: string;
  readonly emmett: string;
  readonly raw: string;
}

export function groups(postgresTitle: string): Group[] {
  return [
    {
      key: "sqlite-full",
      title: "SQLite — WAL, synchronous=FULL",
      ours: "ours-sqlite-full",
      emmett: "emmett-sqlite-full",
      raw: "raw-sqlite-full",
    },
    {
      key: "sqlite-normal",
      title: "SQLite — WAL, synchronous=NORMAL",
      ours: "ours-sqlite-normal",
      emmett: "emmett-sqlite-normal",
      raw: "raw-sqlite-normal",
    },
    {
      key: "postgres",
      title: postgresTitle,
      ours: "ours-postgres",
      emmett: "emmett-postgres",
      raw: "raw-postgres",
    },
  ];
}

/** Looks cells up by contender and workload. */
export class Results {
  private readonly byKey = new Map<string, Cell>();

  constructor(cells: readonly Cell[]) {
    for (const cell of cells) this.byKey.set(`${cell.contender}/${cell.workload}`, cell);
  }

  get(contender: string, workload: Cell["workload"]): Cell | undefined {
    return this.byKey.get(`${contender}/${workload}`);
  }

  rate(contender: string, workload: Cell["workload"]): number | undefined {
    const cell = this.get(contender, workload);
    return cell === undefined ? undefined : rateOf(cell);
  }

  /** `ours / other` of the rates, when both were measured. */
  ratio(ours: string, other: string, workload: WorkloadId): number | undefined {
    const a = this.rate(ours, workload);
    const b = this.rate(other, workload);
    return a === undefined || b === undefined ? undefined : a / b;
  }
}

function cellText(cell: Cell | undefined, fullCount: number | undefined): string {
  if (cell === undefined) return "—";
  const capped =
    fullCount !== undefined && cell.events < fullCount ? ` (${cell.events.toLocaleString("en-US")} ev)` : "";
  return `${formatRate(rateOf(cell))}/s · ${formatMb(cell.maxRssKb)}${capped}`;
}

/**
 * One Markdown table per group: events (commands) per second and peak memory per workload and
 * contender, and the ratios ours/Emmett and ours/raw. Groups with nothing measured are left out.
 */
export function resultTables(
  results: Results,
  groupList: readonly Group[],
  fullCounts: Readonly<Partial<Record<WorkloadId, number>>> = {},
): string {
  const out: string[] = [];
  for (const group of groupList) {
    const rows = WORKLOADS.flatMap((w) => {
      const cells = [group.ours, group.emmett, group.raw].map((c) => results.get(c, w.id));
      if (cells.every((c) => c === undefined)) return [];
      return [
        [
          w.label,
          ...cells.map((c) => cellText(c, fullCounts[w.id])),
          formatRatio(results.ratio(group.ours, group.emmett, w.id)),
          formatRatio(results.ratio(group.ours, group.raw, w.id)),
        ],
      ];
    });
    if (rows.length === 0) continue;
    out.push(
      `${group.title}\n\n${markdownTable(["workload", "ours", "Emmett", "raw driver", "ours/Emmett", "ours/raw"], rows)}`,
    );
  }
  return out.join("\n\n");
}

/** A target, measured as a ratio of rates (or, for the replay, of times). */
export interface Target {
  readonly description: string;
  readonly group: Group["key"] | "replay";
  readonly workload: WorkloadId | "replay";
  /**
   * `emmett`/`raw`: ours ≥ `threshold` × theirs. `read`: the replay's time ≤ `threshold` × the
   * time of reading the same events alone, in the same child.
   */
  readonly versus: "emmett" | "raw" | "read";
  readonly threshold: number;
}

const LEVELS = [
  ["sqlite-full", "SQLite FULL"],
  ["sqlite-normal", "SQLite NORMAL"],
  ["postgres", "PostgreSQL"],
] as const;

/** Ours ÷ raw per backend (the floor: issue #15's figures), with the hash chain on. */
const FLOOR: Readonly<Record<(typeof LEVELS)[number][0], Partial<Record<WorkloadId, number>>>> = {
  "sqlite-full": { single: 0.9, batched: 0.85, commands: 0.8 },
  "sqlite-normal": { single: 0.85, batched: 0.85, commands: 0.8 },
  postgres: { single: 0.7, batched: 0.85, commands: 0.8 },
};

/** The targets: ours against the raw driver first, then the replay, then against Emmett. */
export const TARGETS: readonly Target[] = [
  ...LEVELS.flatMap(([group, title]) =>
    Object.entries(FLOOR[group]).map(
      ([workload, threshold]): Target => ({
        description: `${title}: ${workloadLabel(workload as WorkloadId).replace(/^\S+ /, "")} ≥ ${threshold}× raw`,
        group,
        workload: workload as WorkloadId,
        versus: "raw",
        threshold,
      }),
    ),
  ),
  ...(["read-stream", "read-all"] as const).map(
    (workload): Target => ({
      description: `SQLite reads (${workload}) ≥ 60% of raw read + JSON.parse`,
      group: "sqlite-full",
      workload,
      versus: "raw",
      threshold: 0.6,
    }),
  ),
  {
    description: "SQLite: million-event replay into the register ≤ 1.3× reading them",
    group: "replay",
    workload: "replay",
    versus: "read",
    threshold: 1.3,
  },
  ...(["sqlite-full", "sqlite-normal"] as const).flatMap((group): Target[] => {
    const level = group === "sqlite-full" ? "FULL" : "NORMAL";
    return [
      {
        description: `SQLite ${level}: single appends ≥ 10× Emmett`,
        group,
        workload: "single",
        versus: "emmett",
        threshold: 10,
      },
      {
        description: `SQLite ${level}: batched appends ≥ 4× Emmett`,
        group,
        workload: "batched",
        versus: "emmett",
        threshold: 4,
      },
    ];
  }),
  ...(["read-stream", "read-all", "register"] as const).map(
    (workload): Target => ({
      description: `SQLite reads (${workload}) ≥ 3× Emmett`,
      group: "sqlite-full",
      workload,
      versus: "emmett",
      threshold: 3,
    }),
  ),
  ...WORKLOADS.map(
    (w): Target => ({
      description: `PostgreSQL: ${w.label.replace(/^\S+ /, "")} ≥ 2× Emmett`,
      group: "postgres",
      workload: w.id,
      versus: "emmett",
      threshold: 2,
    }),
  ),
];

/** A target with what was measured: `met` is undefined when a side was not measured. */
export interface TargetOutcome extends Target {
  readonly actual: number | undefined;
  readonly met: boolean | undefined;
}

export function evaluateTargets(
  results: Results,
  groupList: readonly Group[],
  replay: { readonly replay: Cell; readonly read: Cell } | undefined,
  targets: readonly Target[] = TARGETS,
): TargetOutcome[] {
  return targets.map((target) => {
    if (target.versus === "read") {
      const actual = replay === undefined ? undefined : replay.replay.seconds / replay.read.seconds;
      return { ...target, actual, met: actual === undefined ? undefined : actual <= target.threshold };
    }
    const group = groupList.find((g) => g.key === target.group);
    const actual =
      group === undefined || target.workload === "replay"
        ? undefined
        : results.ratio(group.ours, target.versus === "emmett" ? group.emmett : group.raw, target.workload);
    return { ...target, actual, met: actual === undefined ? undefined : actual >= target.threshold };
  });
}

/**
 * The target outcomes as a Markdown table; `growth` adds the rules and rebuild workloads'
 * targets (a ratio that must stay at or below its threshold, or a count).
 */
export function targetTable(
  outcomes: readonly TargetOutcome[],
  growth: readonly GrowthOutcome[] = [],
): string {
  const growthRows = growth.map((o) => [
    o.description,
    o.actual === undefined ? "—" : Number.isInteger(o.actual) ? String(o.actual) : o.actual.toFixed(2),
    o.met === undefined ? "not measured" : o.met ? "met" : "MISSED",
  ]);
  const rows = outcomes.map((o) => [
    o.description,
    o.actual === undefined ? "—" : o.versus === "read" ? `${o.actual.toFixed(2)}×` : formatRatio(o.actual),
    o.met === undefined ? "not measured" : o.met ? "met" : "MISSED",
  ]);
  return markdownTable(["target", "measured", ""], [...rows, ...growthRows]);
}

/** Peak memory of one child, and of the baseline child that only opened the same store. */
export interface PeakOnStore {
  readonly peakKb: number;
  readonly baselineKb: number | undefined;
}

/**
 * How a peak grew from one store to another: the peak RSS, and the peak above the baseline child
 * (the part that is the measured work's own; `undefined` without a baseline or when there was none
 * above it on the first store).
 */
export function peakGrowth(
  from: PeakOnStore,
  to: PeakOnStore,
): { readonly rss: number; readonly aboveBaseline: number | undefined } {
  const own = ({ peakKb, baselineKb }: PeakOnStore) =>
    baselineKb === undefined ? undefined : peakKb - baselineKb;
  const ownFrom = own(from);
  const ownTo = own(to);
  return {
    rss: to.peakKb / from.peakKb,
    aboveBaseline: ownFrom === undefined || ownTo === undefined || ownFrom <= 0 ? undefined : ownTo / ownFrom,
  };
}
