import {
  defaultUpcasters,
  type EventStore,
  type GroupChange,
  type Json,
  type ProjectionTables,
  readAllPages,
  type StoredEvent,
} from "@iop/core";
import type { CatchUpOptions } from "../durable-runner.js";
import { advance, agreementFoldedBy } from "../fold.js";
import type { JsonValue } from "../json.js";
import { type PerAgreementState, rowOf } from "../per-agreement-projection.js";
import type { TableProjection } from "./table-projection.js";

/** Where a table projection reads events and keeps its tables. */
export interface TableStores {
  readonly events: EventStore;
  /** Usually the same store's `store.tables`; may be another store's (events in EventStoreDB, tables in PostgreSQL). */
  readonly tables: ProjectionTables;
}

/** The outcome of {@link catchUpTables}. */
export interface TablesCatchUpResult {
  /** The global position of the last event folded into the tables. */
  readonly checkpoint: number;
  /** Events read in this run. */
  readonly count: number;
  /** Events handed to the fold in this run. */
  readonly handled: number;
  /** Agreements whose rows this run wrote (counted once per batch that wrote them). */
  readonly written: number;
  /** True when this run built new tables (first run, a version change, `rebuild`) rather than catching up the live ones. */
  readonly rebuilt: boolean;
  /** True when the new tables were switched over to in this run. */
  readonly published: boolean;
  /** True when the signal stopped the run before it reached the end of the store. */
  readonly interrupted: boolean;
}

/** Agreements' states a run keeps between batches, so a rebuild does not read back what it just wrote. */
const STATE_CACHE_LIMIT = 20_000;

/**
 * Brings a table projection's tables up to date. Batch by batch (one page of `readAllPages`),
 * it reads the states of the agreements the batch touches, folds the batch into them and
 * commits their new rows, states and the checkpoint in **one** atomic write that expects the
 * checkpoint it started from: a crash anywhere leaves tables and checkpoint together, and the
 * next run resumes from them.
 *
 * A first run, a version change or `rebuild: true` builds new tables beside the live ones, which
 * readers keep seeing until the build reaches the end of the store and is switched over in one
 * transaction; an interrupted build resumes where it stopped.
 *
 * @throws {ProjectionConflictError} when another runner moved the tables in between (stop one of them).
 * @throws {InvalidStoreInputError} when a row does not fit its table, naming it: nothing of that batch is written.
 * @throws {EventDecodingError | CorruptEventError} for an event that cannot be read: the checkpoint stays before its batch.
 */
export async function catchUpTables<R extends JsonValue>(
  definition: TableProjection<R>,
  stores: TableStores,
  options: Omit<CatchUpOptions, "onProgress"> & {
    readonly onProgress?: (progress: {
      readonly projection: string;
      readonly position: number;
      readonly count: number;
      readonly rebuilding: boolean;
    }) => void;
  } = {},
): Promise<TablesCatchUpResult> {
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new RangeError("batchSize must be a positive integer");
  const upcasters = options.upcasters ?? defaultUpcasters;
  const { name, version, projection, schemas } = definition;
  const build = await stores.tables.prepare(name, version, schemas, { rebuild: options.rebuild === true });
  const at = { generation: build.generation, schemas };
  const cache = new Map<string, R>();
  let checkpoint = build.checkpoint;
  let count = 0;
  let handled = 0;
  let written = 0;

  const statesOf = async (batch: readonly StoredEvent[]): Promise<PerAgreementState<R>> => {
    const touched = new Set<string>();
    for (const stored of batch) {
      const agreementId =
        stored.globalPosition <= checkpoint ? undefined : agreementFoldedBy(projection, stored);
      if (agreementId !== undefined) touched.add(agreementId);
    }
    const state: Record<string, R> = {};
    const missing = [...touched].filter((agreementId) => {
      const cached = cache.get(agreementId);
      if (cached !== undefined) state[agreementId] = cached;
      return cached === undefined;
    });
    if (missing.length > 0)
      for (const [agreementId, row] of await stores.tables.states(name, build.generation, missing))
        state[agreementId] = row as R;
    return state;
  };

  for await (const batch of readAllPages(stores.events, {
    after: checkpoint,
    pageSize: batchSize,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  })) {
    const before = await statesOf(batch);
    const next = advance(projection, { state: before, checkpoint }, batch, upcasters);
    const changes: GroupChange[] = [];
    for (const agreementId of Object.keys(next.state)) {
      const row = rowOf(next.state, agreementId) as R;
      if (row === rowOf(before, agreementId)) continue;
      const rows: Record<string, ReturnType<(typeof definition.tables)[number]["rowsOf"]>> = {};
      for (const table of definition.tables) rows[table.schema.name] = table.rowsOf(agreementId, row);
      changes.push({ group: agreementId, state: row as Json, rows });
    }
    await stores.tables.commit(name, at, {
      expectedCheckpoint: checkpoint,
      checkpoint: next.checkpoint,
      changes,
    });
    for (const { group } of changes) {
      if (cache.size >= STATE_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
      cache.set(group, rowOf(next.state, group) as R);
    }
    checkpoint = next.checkpoint;
    count += batch.length;
    handled += next.handled;
    written += changes.length;
    options.onProgress?.({ projection: name, position: checkpoint, count, rebuilding: !build.live });
  }
  const interrupted = options.signal?.aborted === true;
  const publish = !build.live && !interrupted;
  if (publish) await stores.tables.publish(name, build.generation);
  return { checkpoint, count, handled, written, rebuilt: !build.live, published: publish, interrupted };
}
