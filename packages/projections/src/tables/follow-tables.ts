import type { JsonValue } from "../json.js";
import { positiveInteger } from "../positive-integer.js";
import { catchUpTables, type TableStores, type TablesCatchUpResult } from "./catch-up-tables.js";
import type { TableProjection } from "./table-projection.js";

/** Options of {@link followTables}. */
export interface FollowOptions {
  /** Stops the runner between batches; what was committed stays committed. */
  readonly signal: AbortSignal;
  /** How long to wait after reaching the end of the store before looking again (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Events per batch (default 1000). */
  readonly batchSize?: number;
  /** Called after every catch-up of a projection that read events. */
  readonly onCatchUp?: (projection: string, result: TablesCatchUpResult) => void;
}

/** Resolves after `ms`, or at once when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Keeps table projections up to date as events arrive: catches each one up, waits
 * `pollIntervalMs` once all are at the end of the store, and again, until `signal` aborts.
 * A stop lands between batches, so the tables always hold whole batches with their checkpoint;
 * a runner started again later resumes from it (each catch-up is {@link catchUpTables}).
 * Resolves once stopped.
 *
 * @throws what {@link catchUpTables} throws; the runner stops at the first failure.
 */
export async function followTables(
  definitions: readonly TableProjection<JsonValue>[],
  stores: TableStores,
  options: FollowOptions,
): Promise<void> {
  const interval = positiveInteger("pollIntervalMs", options.pollIntervalMs ?? 1000, "milliseconds");
  const { signal } = options;
  while (!signal.aborted) {
    for (const definition of definitions) {
      if (signal.aborted) break;
      const result = await catchUpTables(definition, stores, {
        signal,
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      });
      if (result.count > 0 || result.published) options.onCatchUp?.(definition.name, result);
    }
    await pause(interval, signal);
  }
}
