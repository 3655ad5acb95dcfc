import { openSqliteStore } from "@iop/store-sqlite";
import { exportToFile } from "./import-workload.js";
import type { Measurement, MemoryStep } from "./job.js";
import { timed } from "./timed.js";

/**
 * The memory workload's own step: our SQLite store at `path`, opened read-only, exported to
 * `file` for the import step. Its peak memory is not one of the workload's figures (the export's
 * is measured to a null sink by the verify workload's `export` step).
 */
export async function runMemoryStep(step: MemoryStep, path: string, file: string): Promise<Measurement> {
  const store = await openSqliteStore({ path, readOnly: true });
  try {
    const { value: events, seconds } = await timed(() => exportToFile(store, file));
    return { workload: step, events, seconds };
  } finally {
    await store.close();
  }
}
