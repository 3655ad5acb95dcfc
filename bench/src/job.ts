import type { DataShape } from "./data.js";
import type { ContenderSpec, RulesPlan, WorkloadId } from "./plan.js";

/** Where a job's contender keeps its events. */
export type Target = { readonly sqlitePath: string } | { readonly postgresUrl: string };

/** One workload of a job, with where it runs. */
export interface JobWorkload {
  readonly id: WorkloadId | "replay" | "rules";
  readonly target: Target;
  /** Cap on single appends. */
  readonly limit?: number;
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
  readonly workload: WorkloadId | "replay" | "replay-read" | "replay-decode" | "replay-populate" | "rules";
  /** Events appended or read, or commands handled. */
  readonly events: number;
  readonly seconds: number;
  /** The rules workload: commands recorded when this window of `events` commands ended. */
  readonly at?: number;
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
