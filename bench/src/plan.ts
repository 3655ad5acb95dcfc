import type { DataShape, RebuildShape } from "./data.js";

/** Who implements the store. */
export type Implementation = "ours" | "emmett" | "raw";
/** Which database. */
export type Backend = "sqlite" | "postgres";
/** SQLite's `synchronous` (WAL mode for everyone); PostgreSQL contenders share the server's settings. */
export type Synchronous = "full" | "normal";

/** One contender: an implementation on a backend, at one durability setting for SQLite. */
export interface ContenderSpec {
  /** e.g. `ours-sqlite-full`, `emmett-postgres`. */
  readonly id: string;
  readonly implementation: Implementation;
  readonly backend: Backend;
  /** SQLite only. */
  readonly synchronous?: Synchronous;
  /** Short column heading. */
  readonly label: string;
}

export type WorkloadId = "single" | "batched" | "read-stream" | "read-all" | "register" | "commands";

export interface WorkloadSpec {
  readonly id: WorkloadId;
  readonly label: string;
  /** Reads run on the database the batched workload wrote; their rate does not depend on `synchronous`. */
  readonly reads: boolean;
}

export const WORKLOADS: readonly WorkloadSpec[] = [
  { id: "single", label: "1 single appends", reads: false },
  { id: "batched", label: "2 appends of 100", reads: false },
  { id: "read-stream", label: "3 read every stream", reads: true },
  { id: "read-all", label: "4a read all, global order", reads: true },
  { id: "register", label: "4b read all + register", reads: true },
  { id: "commands", label: "5 command handling", reads: false },
];

export function workloadLabel(id: WorkloadId): string {
  return WORKLOADS.find((w) => w.id === id)?.label ?? id;
}

/**
 * Commands through the Stockholm rules, on our stores only (the others have no rules): it
 * reports how the per-command cost grows with the store, not a rate to compare.
 */
export const RULES_WORKLOAD = { id: "rules", label: "6 commands through the Stockholm rules" } as const;

/**
 * The hash chain's cost: the same appends by the raw driver without the chain, by the raw driver
 * with it, and by ours, next to the chain's sealing alone (see `chain-workload.ts`).
 */
export const CHAIN_WORKLOAD = { id: "chain", label: "7 appends with and without the hash chain" } as const;

/** `verifyStore` and `exportLines` over a store of our SQLite adapter (see `verify-workload.ts`). */
export const VERIFY_WORKLOAD = { id: "verify", label: "8 verify and export" } as const;

/**
 * The register rebuilt from zero into its table on our SQLite adapter, next to a live replay of
 * the same events (see `rebuild-workload.ts`).
 */
export const REBUILD_WORKLOAD = { id: "rebuild", label: "9 durable rebuild of the register" } as const;

/**
 * An export of interleaved agreements imported into our SQLite and PostgreSQL stores, the old
 * way (`appendRecorded` per run of one stream) and through the bulk path (`importRecorded` in
 * chunks), see `import-workload.ts`.
 */
export const IMPORT_WORKLOAD = { id: "import", label: "10 import of an export" } as const;

/**
 * Single appends timed one by one on every contender, reported as percentiles (see
 * `latency-workload.ts`).
 */
export const LATENCY_WORKLOAD = { id: "latency", label: "11 single-append latency" } as const;

/**
 * Peak RSS of replay, verify, export and import on our SQLite store at two sizes, each operation
 * in a child of its own (see `memory-section.ts`).
 */
export const MEMORY_WORKLOAD = { id: "memory", label: "12 peak memory against the store's size" } as const;

/** The contenders that run the import workload, when selected. */
export const IMPORT_CONTENDERS: readonly string[] = ["ours-sqlite-normal", "ours-postgres"];

/** Every workload `--only` may name. */
export type SelectableWorkload =
  | WorkloadId
  | typeof RULES_WORKLOAD.id
  | typeof CHAIN_WORKLOAD.id
  | typeof VERIFY_WORKLOAD.id
  | typeof REBUILD_WORKLOAD.id
  | typeof IMPORT_WORKLOAD.id
  | typeof LATENCY_WORKLOAD.id
  | typeof MEMORY_WORKLOAD.id;

/** The contenders that run the rules workload, when selected. */
export const RULES_CONTENDERS: readonly string[] = ["ours-sqlite-normal", "ours-postgres"];

/** Where the rules workload takes its timings. */
export interface RulesPlan {
  /** Commands recorded when a window ends, ascending; the last is the workload's size. */
  readonly checkpoints: readonly number[];
  /** Commands per window: a window ends at each checkpoint. */
  readonly window: number;
}

function contender(
  implementation: Implementation,
  backend: Backend,
  synchronous?: Synchronous,
): ContenderSpec {
  const id = [implementation, backend, synchronous].filter((p) => p !== undefined).join("-");
  const label = backend === "sqlite" ? `${implementation} ${synchronous}` : implementation;
  return synchronous === undefined
    ? { id, implementation, backend, label }
    : { id, implementation, backend, synchronous, label };
}

/** Every contender, in the order they run (and appear in the tables). */
export const CONTENDERS: readonly ContenderSpec[] = [
  contender("ours", "sqlite", "full"),
  contender("emmett", "sqlite", "full"),
  contender("raw", "sqlite", "full"),
  contender("ours", "sqlite", "normal"),
  contender("emmett", "sqlite", "normal"),
  contender("raw", "sqlite", "normal"),
  contender("ours", "postgres"),
  contender("emmett", "postgres"),
  contender("raw", "postgres"),
];

/**
 * Whether a contender runs a workload. Reads do not sync, so on SQLite they run once per
 * implementation, at FULL (on the database the batched workload wrote at FULL).
 */
export function runs(spec: ContenderSpec, workload: WorkloadSpec): boolean {
  return !(workload.reads && spec.synchronous === "normal");
}

/** Where the latency workload takes its timings. */
export interface LatencyPlan {
  /** Single appends per contender before the timed ones, untimed: the JIT and the caches warm up. */
  readonly warmup: number;
  /** Single appends timed per contender (fewer for a contender capped by `singleLimit`). */
  readonly appends: number;
}

/** The sizes of one profile. */
export interface Profile {
  readonly name: "quick" | "full";
  /** The data set of workloads 1–4. */
  readonly shape: DataShape;
  readonly batchSize: number;
  /** Single appends per contender, when capped below the whole data set (slow contenders). */
  readonly singleLimit: Readonly<Partial<Record<string, number>>>;
  readonly agreements: number;
  readonly commandsPerAgreement: number;
  /** Events per read-all call, for every contender. */
  readonly pageSize: number;
  /** The replay of our SQLite store into the register, or `undefined` to skip it. */
  readonly replay: DataShape | undefined;
  /**
   * Rounds of each write workload, each in a fresh child on a fresh database; the best is
   * reported. The machine may be shared: the fastest round is the one least disturbed.
   */
  readonly rounds: number;
  /** Passes of each read workload within its child (one round); the fastest is reported. */
  readonly readPasses: number;
  /** The rules workload's size and windows. */
  readonly rules: RulesPlan;
  /** Single appends per writer in the chain workload (its appends of 100 write the whole `shape`). */
  readonly chainSingleLimit: number;
  /**
   * The stores the verify workload records, verifies and exports; the first is the one the
   * others' peak memory is compared with.
   */
  readonly verifySizes: readonly DataShape[];
  /**
   * The stores the rebuild workload rebuilds: stream-by-stream stores, ascending, of the same
   * agreements of the same length, more of them, so only the history's length changes between
   * the first and the last; then the first's agreements interleaved, where each agreement's
   * events are spread through the whole history.
   */
  readonly rebuildSizes: readonly RebuildShape[];
  /** The export the import workload imports: its agreements interleaved, as monthly reports arrive. */
  readonly importShape: RebuildShape;
  readonly latency: LatencyPlan;
  /**
   * The stores the memory workload measures, ascending: the same agreements of the same length,
   * more of them; the others' peak memory is compared with the first's.
   */
  readonly memorySizes: readonly DataShape[];
}

export const PROFILES: Readonly<Record<Profile["name"], Profile>> = {
  full: {
    name: "full",
    shape: { streams: 1000, eventsPerStream: 100 },
    batchSize: 100,
    // Emmett's SQLite store appends about 600–1000 events/s one by one: 5 000 take ~5–8 s.
    singleLimit: { "emmett-sqlite-full": 5000, "emmett-sqlite-normal": 5000 },
    agreements: 1000,
    commandsPerAgreement: 10,
    pageSize: 1000,
    replay: { streams: 10_000, eventsPerStream: 100 },
    rounds: 2,
    readPasses: 3,
    // The first 500 commands warm the JIT up before the first window.
    rules: { checkpoints: [1000, 5000, 10_000], window: 500 },
    // 20 rounds over the 1 000 streams: enough for a steady rate, three writers on three backends.
    chainSingleLimit: 20_000,
    // A million events twice: over ten times the streams, and over the same streams ten times longer.
    verifySizes: [
      { streams: 1000, eventsPerStream: 100 },
      { streams: 10_000, eventsPerStream: 100 },
      { streams: 1000, eventsPerStream: 1000 },
    ],
    // The verify workload's first two stores (a run of both writes each once), then the first interleaved.
    rebuildSizes: [
      { streams: 1000, eventsPerStream: 100 },
      { streams: 10_000, eventsPerStream: 100 },
      { streams: 1000, eventsPerStream: 100, interleaved: true },
    ],
    importShape: { streams: 1000, eventsPerStream: 100, interleaved: true },
    // 20 000 appends: the 20 slowest are above p99.9.
    latency: { warmup: 1000, appends: 20_000 },
    // The verify workload's first two stores: a run of both writes each once.
    memorySizes: [
      { streams: 1000, eventsPerStream: 100 },
      { streams: 10_000, eventsPerStream: 100 },
    ],
  },
  quick: {
    name: "quick",
    shape: { streams: 20, eventsPerStream: 100 },
    batchSize: 100,
    singleLimit: { "emmett-sqlite-full": 500, "emmett-sqlite-normal": 500, "emmett-postgres": 1000 },
    agreements: 50,
    commandsPerAgreement: 10,
    pageSize: 1000,
    replay: undefined,
    rounds: 1,
    readPasses: 1,
    rules: { checkpoints: [100, 500, 1000], window: 50 },
    chainSingleLimit: 1000,
    verifySizes: [{ streams: 200, eventsPerStream: 100 }],
    rebuildSizes: [
      { streams: 20, eventsPerStream: 100 },
      { streams: 200, eventsPerStream: 100 },
      { streams: 20, eventsPerStream: 100, interleaved: true },
    ],
    importShape: { streams: 50, eventsPerStream: 20, interleaved: true },
    latency: { warmup: 100, appends: 1000 },
    memorySizes: [
      { streams: 50, eventsPerStream: 100 },
      { streams: 500, eventsPerStream: 100 },
    ],
  },
};

/** Total events of a data shape. */
export function eventCount(shape: DataShape): number {
  return shape.streams * shape.eventsPerStream;
}

/** The work of one child process: one contender, one or more workloads. */
export interface Unit {
  readonly spec: ContenderSpec;
  readonly workloads: readonly WorkloadSpec[];
}

/**
 * The full profile runs one child per (contender, workload), workload by workload, so the
 * contenders of a workload run close together in time and share whatever else the machine is
 * doing; peak memory is then per workload. The quick profile runs one child per contender
 * (fewer process starts; peak memory is then per contender).
 */
export function unitsOf(
  profile: Profile["name"],
  specs: readonly ContenderSpec[],
  workloads: readonly WorkloadSpec[],
): Unit[] {
  if (profile === "quick")
    return specs
      .map((spec) => ({ spec, workloads: workloads.filter((w) => runs(spec, w)) }))
      .filter((u) => u.workloads.length > 0);
  return workloads.flatMap((w) =>
    specs.filter((spec) => runs(spec, w)).map((spec) => ({ spec, workloads: [w] })),
  );
}
