import type { DataShape } from "./data.js";
import type { ContenderSpec, RulesPlan, WorkloadId } from "./plan.js";

/** Where a job's contender keeps its events. */
export type Target = { readonly sqlitePath: string } | { readonly postgresUrl: string };

/** The chain workload's writers: the raw driver without the chain, the raw driver with it, ours. */
export const CHAIN_WRITERS = ["raw", "chained", "ours"] as const;
export type ChainWriter = (typeof CHAIN_WRITERS)[number];

/** The chain workload's appends: one event per call, or appends of the batch size. */
export const CHAIN_SHAPES = ["single", "batched"] as const;
export type ChainShape = (typeof CHAIN_SHAPES)[number];

/** A chain workload's measurement: one writer's appends, or `seal` (the chain's sealing alone). */
export type ChainMeasure = `chain-${ChainWriter | "seal"}-${ChainShape}`;

/**
 * The verify workload's children, each its own process so its peak memory is its own: write the
 * store, open it and read one page (the baseline), `verifyStore`, `exportLines`.
 */
export type VerifyStep = "verify-populate" | "verify-open" | "verify" | "export";

/**
 * The rebuild workload's children (see `rebuild-workload.ts`): write the store, replay it live,
 * rebuild the register's table from zero, append one event and catch up.
 */
export type RebuildStep = "rebuild-populate" | "rebuild-live" | "rebuild-durable" | "rebuild-append";

/**
 * The import workload's children (see `import-workload.ts`): write the export file, import it
 * the old way (`appendRecorded` per run of one stream), import it through the bulk path.
 */
export type ImportStep = "import-file" | "import-per-stream" | "import-chunked";

/**
 * The memory workload's own child (see `memory-workload.ts`): write the store's export to a file,
 * for the import step to import. Its other children are the verify, rebuild and import steps.
 */
export type MemoryStep = "memory-export-file";

/** The latency workload's figures for one contender: percentiles of its appends' times, in microseconds. */
export interface LatencyFigures {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** One workload of a job, with where it runs. */
export interface JobWorkload {
  readonly id:
    | WorkloadId
    | "replay"
    | "rules"
    | "chain"
    | "latency"
    | VerifyStep
    | RebuildStep
    | ImportStep
    | MemoryStep;
  readonly target: Target;
  /** The import workload: the export file it writes or imports. */
  readonly file?: string;
  /** Cap on single appends; the latency workload: its timed appends. */
  readonly limit?: number;
  /** The latency workload: appends before the timed ones, untimed. */
  readonly warmup?: number;
  /** The chain workload: a fresh database per writer and shape, keyed `raw-single`, `ours-batched`… */
  readonly targets?: Readonly<Partial<Record<`${ChainWriter}-${ChainShape}`, Target>>>;
}

/**
 * What the parent asks one child process to do: workloads on one contender, in order. The full
 * profile gives each child one workload (so peak memory is per workload); the quick profile
 * gives each child all of its contender's workloads (fewer process starts).
 */
export interface Job {
  readonly contender: ContenderSpec;
  readonly workloads: readonly JobWorkload[];
  readonly shape: DataShape;
  readonly batchSize: number;
  readonly agreements: number;
  readonly commandsPerAgreement: number;
  readonly pageSize: number;
  /** Passes of each read workload; the fastest is reported. */
  readonly readPasses: number;
  readonly rules: RulesPlan;
}

/** One timed measurement. */
export interface Measurement {
  readonly workload:
    | WorkloadId
    | "replay"
    | "replay-read"
    | "replay-decode"
    | "replay-populate"
    | "rules"
    | ChainMeasure
    | VerifyStep
    | RebuildStep
    | ImportStep
    | MemoryStep
    | "latency";
  /** Events appended or read, or commands handled. */
  readonly events: number;
  readonly seconds: number;
  /** The rules workload: commands recorded when this window of `events` commands ended. */
  readonly at?: number;
  /** The verify workload: streams in the store. */
  readonly streams?: number;
  /** The export: bytes written. */
  readonly bytes?: number;
  /** The rebuild workload's catch-ups: agreements whose rows they wrote. */
  readonly written?: number;
  /** The latency workload: the percentiles of its `events` appends (`seconds` is their sum). */
  readonly latency?: LatencyFigures;
  /** The live replay: the live heap its result (the register's state) holds, in kilobytes. */
  readonly resultKb?: number;
}

/** What a child sends back. */
export interface JobResult {
  readonly contender: string;
  readonly measurements: readonly Measurement[];
  /** Peak resident set of the child process, in kilobytes (`process.resourceUsage().maxRSS`). */
  readonly maxRssKb: number;
  /** Per workload, the fingerprint of the data the child generated: equal for every contender. */
  readonly dataFingerprints: Readonly<Record<string, string>>;
  /** Set when the job failed. */
  readonly error?: string;
}
