import { randomUUID } from "node:crypto";
import { EMPTY_HEAD, exactJson, type PreparedEvent, type StreamHead, sealBatch } from "@iop/core/adapter-kit";
import type { Contender } from "./contenders/types.js";
import { type BenchEvent, batchedAppends, fingerprint, singleAppends, streamIdOf } from "./data.js";
import {
  CHAIN_SHAPES,
  CHAIN_WRITERS,
  type ChainShape,
  type ChainWriter,
  type Job,
  type JobWorkload,
  type Measurement,
  type Target,
} from "./job.js";

/** One append of the chain workload, of either shape. */
interface ChainAppend {
  readonly stream: number;
  readonly expectedVersion: number;
  readonly events: readonly BenchEvent[];
}

/** Passes of the sealing alone; the fastest is reported (it is pure CPU, so the JIT's steady state). */
const SEAL_PASSES = 3;

async function openWriter(job: Job, writer: ChainWriter, target: Target): Promise<Contender> {
  const synchronous = job.contender.synchronous ?? "full";
  if ("sqlitePath" in target) {
    if (writer === "ours")
      return (await import("./contenders/ours.js")).openOursSqlite(target.sqlitePath, synchronous);
    return (await import("./contenders/raw-sqlite.js")).openRawSqlite(target.sqlitePath, synchronous, {
      chain: writer === "chained",
    });
  }
  if (writer === "ours") return (await import("./contenders/ours.js")).openOursPostgres(target.postgresUrl);
  return (await import("./contenders/raw-postgres.js")).openRawPostgres(target.postgresUrl, {
    chain: writer === "chained",
  });
}

/**
 * The batches as the core's store hands them to `sealBatch`: checked and serialised by the store's
 * own serialiser, ids assigned. Prepared before the clock starts: that work is the store's with
 * or without a chain.
 */
function prepare(appends: readonly ChainAppend[]): { streamId: string; events: PreparedEvent[] }[] {
  return appends.map((a) => ({
    streamId: streamIdOf(a.stream),
    events: a.events.map((e) => ({
      eventId: randomUUID(),
      type: e.type,
      schemaVersion: e.schemaVersion,
      dataJson: exactJson(e.data, "data"),
      metadataJson: "{}",
    })),
  }));
}

/** Seconds to seal every batch onto its stream's head, as the store does on each append. */
function sealSeconds(batches: readonly { streamId: string; events: PreparedEvent[] }[]): number {
  const recordedAt = new Date().toISOString();
  const heads = new Map<string, StreamHead>();
  const start = performance.now();
  for (const { streamId, events } of batches) {
    const sealed = sealBatch(streamId, heads.get(streamId) ?? EMPTY_HEAD, events, () => recordedAt);
    const last = sealed[sealed.length - 1];
    if (last !== undefined) heads.set(streamId, { version: last.streamVersion, hash: last.hash });
  }
  return (performance.now() - start) / 1000;
}

/**
 * The chain workload in one child, on one backend setting: for single appends and appends of the
 * batch size, first the sealing alone (the chain's CPU work, no database), then the same appends
 * by the raw driver without the chain, the raw driver with it and ours, each on a fresh database,
 * one after another so the three share whatever else the machine is doing.
 */
export async function runChain(
  job: Job,
  workload: JobWorkload,
): Promise<{ measurements: Measurement[]; dataFingerprint: string }> {
  const appendsOf: Record<ChainShape, ChainAppend[]> = {
    single: singleAppends(job.shape, workload.limit).map((a) => ({ ...a, events: [a.event] })),
    batched: batchedAppends(job.shape, job.batchSize),
  };
  const measurements: Measurement[] = [];
  for (const shape of CHAIN_SHAPES) {
    const appends = appendsOf[shape];
    const events = appends.reduce((n, a) => n + a.events.length, 0);
    const batches = prepare(appends);
    const seal = Math.min(...Array.from({ length: SEAL_PASSES }, () => sealSeconds(batches)));
    measurements.push({ workload: `chain-seal-${shape}`, events, seconds: seal });
    for (const writer of CHAIN_WRITERS) {
      const target = workload.targets?.[`${writer}-${shape}`];
      if (target === undefined) throw new Error(`the chain workload has no database for ${writer}-${shape}`);
      const contender = await openWriter(job, writer, target);
      try {
        const start = performance.now();
        for (const a of appends) await contender.append(a.stream, a.events, a.expectedVersion);
        measurements.push({
          workload: `chain-${writer}-${shape}`,
          events,
          seconds: (performance.now() - start) / 1000,
        });
      } finally {
        await contender.close();
      }
    }
  }
  return { measurements, dataFingerprint: fingerprint([appendsOf.single, appendsOf.batched]) };
}
