import { openContender } from "./contenders/open.js";
import { fingerprint, singleAppends } from "./data.js";
import type { Job, JobWorkload, Measurement } from "./job.js";
import { latencyFigures } from "./latency-report.js";

/**
 * The latency workload on the job's contender: the single-append workload's sequence (round-robin
 * over the streams), `workload.warmup` appends untimed, then `workload.limit` appends each timed
 * on its own with `process.hrtime.bigint()`, from the call to its promise resolving.
 * @throws {Error} when the job gives no count of appends, or more than the shape holds.
 */
export async function runLatency(
  job: Job,
  workload: JobWorkload,
): Promise<{ measurements: Measurement[]; dataFingerprint: string }> {
  const { limit: timedAppends, warmup = 0 } = workload;
  if (timedAppends === undefined || timedAppends < 1)
    throw new Error("the latency workload needs its appends (limit)");
  const all = singleAppends(job.shape);
  if (warmup + timedAppends > all.length)
    throw new Error(`latency: ${warmup} + ${timedAppends} appends, the shape holds ${all.length}`);
  const nanos = new Float64Array(timedAppends);
  const contender = await openContender(job, workload.target);
  try {
    for (let i = 0; i < warmup + timedAppends; i++) {
      const a = all[i] as (typeof all)[number];
      const start = process.hrtime.bigint();
      await contender.append(a.stream, [a.event], a.expectedVersion);
      const took = process.hrtime.bigint() - start;
      if (i >= warmup) nanos[i - warmup] = Number(took);
    }
  } finally {
    await contender.close();
  }
  const seconds = nanos.reduce((sum, n) => sum + n, 0) / 1e9;
  return {
    measurements: [{ workload: "latency", events: timedAppends, seconds, latency: latencyFigures(nanos) }],
    // Of the whole sequence, as the single-append workload's: a capped contender appends a prefix.
    dataFingerprint: fingerprint(all),
  };
}
