import { join } from "node:path";
import type { DataShape, RebuildShape } from "./data.js";
import type { Job, JobResult, JobWorkload, Target } from "./job.js";
import type { ContenderSpec, Profile } from "./plan.js";

/** What a section of the run (the chain, verify) needs from the parent. */
export interface SectionContext {
  readonly profile: Profile;
  /** Rounds of each write measurement; the best is reported. */
  readonly rounds: number;
  /** The run's scratch directory (removed at the end unless `--keep`). */
  readonly work: string;
  /** Runs a job in a child of its own; a child that could not run comes back with an `error`. */
  run(job: Job): Promise<JobResult>;
  /** A fresh SQLite file or PostgreSQL database of `spec`'s backend, by name. */
  target(spec: ContenderSpec, name: string): Promise<Target>;
  /** Records a child's failure: the run then exits non-zero. */
  fail(what: string, error: string): void;
  /** Records the data fingerprints a child reported, so mismatches are caught. */
  fingerprints(result: JobResult): void;
}

/** A job of `workloads` on `spec`, with the profile's sizes (or another data shape). */
export function jobOf(
  context: SectionContext,
  spec: ContenderSpec,
  workloads: readonly JobWorkload[],
  shape: DataShape = context.profile.shape,
): Job {
  const { profile } = context;
  return {
    contender: spec,
    workloads,
    shape,
    batchSize: profile.batchSize,
    agreements: 0,
    commandsPerAgreement: 0,
    pageSize: profile.pageSize,
    readPasses: 1,
    rules: profile.rules,
  };
}

/**
 * The SQLite file of our store holding `shape`, shared by the sections that read it (verify,
 * rebuild): a run of both writes it once. An interleaved store has a file of its own.
 */
export function storePath(context: SectionContext, shape: RebuildShape): string {
  const order = shape.interleaved === true ? "-interleaved" : "";
  return join(context.work, `store-${shape.streams}x${shape.eventsPerStream}${order}.db`);
}
