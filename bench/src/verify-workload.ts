import { exportLines, verifyStore } from "@iop/core";
import { openSqliteStore } from "@iop/store-sqlite";
import type { Job, Measurement, VerifyStep } from "./job.js";
import { endSink, nullSink, writeWaiting } from "./null-sink.js";
import { eventCount } from "./plan.js";
import { populateStore } from "./populate.js";
import { timed } from "./timed.js";

/** Writes the job's shape into our SQLite store with appends of the batch size. */
async function populate(job: Job, path: string): Promise<Measurement> {
  const store = await openSqliteStore({ path, synchronous: "normal" });
  try {
    const { seconds } = await timed(() => populateStore(store, job.shape, job.batchSize));
    return {
      workload: "verify-populate",
      events: eventCount(job.shape),
      seconds,
      streams: job.shape.streams,
    };
  } finally {
    await store.close();
  }
}

/**
 * One step of the verify workload on the store at `path`, which `verify-populate` wrote. The
 * other steps open it read-only, as an auditor would, each in a child of its own.
 * @throws {Error} when verify finds anything or a step sees another count of events: the
 *   generated histories are valid and untouched.
 */
export async function runVerifyStep(job: Job, step: VerifyStep, path: string): Promise<Measurement> {
  if (step === "verify-populate") return populate(job, path);
  const total = eventCount(job.shape);
  const store = await openSqliteStore({ path, readOnly: true });
  try {
    switch (step) {
      case "verify-open": {
        // The baseline: what a child holds that opened the store and read one page.
        const { value, seconds } = await timed(() => store.readAll({ limit: 1000 }));
        return { workload: step, events: value.length, seconds };
      }
      case "verify": {
        const { value: report, seconds } = await timed(() => verifyStore(store));
        if (report.findings.length > 0)
          throw new Error(
            `verify found ${report.findings.length} problems, first: ${report.findings[0]?.message}`,
          );
        if (report.events !== total) throw new Error(`verify read ${report.events} of ${total} events`);
        return { workload: step, events: report.events, seconds, streams: report.streams };
      }
      case "export": {
        const sink = nullSink();
        const { value: trailer, seconds } = await timed(async () => {
          const lines = exportLines(store);
          for (let next = await lines.next(); ; next = await lines.next()) {
            if (next.done) {
              await endSink(sink.stream);
              return next.value;
            }
            await writeWaiting(sink.stream, next.value);
          }
        });
        if (trailer.count !== total) throw new Error(`the export holds ${trailer.count} of ${total} events`);
        return { workload: step, events: trailer.count, seconds, bytes: sink.bytes() };
      }
    }
  } finally {
    await store.close();
  }
}
