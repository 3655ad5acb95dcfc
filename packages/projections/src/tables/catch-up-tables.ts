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
import { positiveInteger } from "../positive-integer.js";
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
  /** Agreements whose rows this run wrote (counted once per write that wrote them). */
  readonly written: number;
  /** True when this run built new tables (first run, a version change, `rebuild`) rather than catching up the live ones. */
  readonly rebuilt: boolean;
  /** True when the new tables were switched over to in this run. */
  readonly published: boolean;
  /** True when the signal stopped the run before it reached the end of the store. */
  readonly interrupted: boolean;
}

/** What {@link catchUpTables} takes: {@link CatchUpOptions}, with its own progress report. */
export interface TablesCatchUpOptions extends Omit<CatchUpOptions, "onProgress"> {
  /**
   * How many agreements' unwritten states a build holds in memory before it writes them
   * (default 10 000). A build writes an agreement once per write, however many of its events
   * it folded in between; live tables are written every batch.
   */
  readonly holdAgreements?: number;
  /** Called after each folded batch; `position` is the last event folded, `rebuilding` whether readers still see the old build. */
  readonly onProgress?: (progress: {
    readonly projection: string;
    readonly position: number;
    readonly count: number;
    readonly rebuilding: boolean;
  }) => void;
}

/**
 * A build writes when it has folded for this long since its last write, or for four times as
 * long as that write took, whichever is longer: a crash costs at most that much folding again,
 * and the writes of an agreement whose events are spread through the whole history stay a
 * small share of the build (writing it every batch would cost with the square of its length).
 */
const WRITE_EVERY_MS = 10_000;
const FOLDING_PER_WRITING = 4;

/**
 * Brings a table projection's tables up to date. Batch by batch (one page of `readAllPages`),
 * it folds the events into the states of the agreements they touch and commits their new rows,
 * states and the checkpoint in **one** atomic write that expects the checkpoint it started
 * from: a crash anywhere leaves tables and checkpoint together, and the next run resumes from
 * them.
 *
 * Live tables are written every batch, so readers see each batch, and one new event writes
 * only its agreement's rows. A first run, a version change or `rebuild: true` builds new tables
 * beside the live ones, which readers keep seeing until the build reaches the end of the store
 * and is switched over in one transaction. A build holds the agreements it folded in memory
 * and writes them every ten seconds or so (and when it holds `holdAgreements` of them, is
 * stopped or fails), so each agreement is written a few times, not once per batch; an
 * interrupted build resumes from its last write.
 *
 * @throws {ProjectionConflictError} when another runner moved the tables in between (stop one of them).
 * @throws {InvalidStoreInputError} when a row does not fit its table, naming it: nothing of that write is stored.
 * @throws {EventDecodingError | CorruptEventError} for an event that cannot be read: what was folded before its batch is written first.
 */
export async function catchUpTables<R extends JsonValue>(
  definition: TableProjection<R>,
  stores: TableStores,
  options: TablesCatchUpOptions = {},
): Promise<TablesCatchUpResult> {
  const batchSize = positiveInteger("batchSize", options.batchSize ?? 1000);
  const holdLimit = positiveInteger("holdAgreements", options.holdAgreements ?? 10_000);
  const upcasters = options.upcasters ?? defaultUpcasters;
  const { name, version, projection, schemas } = definition;
  const build = await stores.tables.prepare(name, version, schemas, { rebuild: options.rebuild === true });
  const at = { generation: build.generation, schemas };
  // States known to this run, written or not; `unwritten` names those the tables lack.
  const held = new Map<string, R>();
  const unwritten = new Set<string>();
  // A build started from nothing has stored only what this run wrote, so it asks the tables for
  // none but the agreements it wrote and then let go of.
  const fresh = !build.live && build.checkpoint === 0;
  const letGo = new Set<string>();
  let committed = build.checkpoint;
  let folded = build.checkpoint;
  let count = 0;
  let lastWrite = { ended: performance.now(), took: 0 };
  let handled = 0;
  let written = 0;
  // Set while a commit is under way: a run that fails there does not try to write again.
  let writing = false;

  const statesOf = async (batch: readonly StoredEvent[]): Promise<PerAgreementState<R>> => {
    const state: Record<string, R> = {};
    const ask = new Set<string>();
    for (const stored of batch) {
      const agreementId = stored.globalPosition <= folded ? undefined : agreementFoldedBy(projection, stored);
      if (agreementId === undefined || agreementId in state || ask.has(agreementId)) continue;
      const known = held.get(agreementId);
      if (known !== undefined) state[agreementId] = known;
      else if (!fresh || letGo.has(agreementId)) ask.add(agreementId);
    }
    if (ask.size > 0)
      for (const [agreementId, row] of await stores.tables.states(name, build.generation, [...ask]))
        state[agreementId] = row as R;
    return state;
  };

  const write = async () => {
    if (folded === committed) return;
    const changes: GroupChange[] = [];
    for (const agreementId of unwritten) {
      const row = held.get(agreementId) as R;
      const rows: Record<string, ReturnType<(typeof definition.tables)[number]["rowsOf"]>> = {};
      for (const table of definition.tables) rows[table.schema.name] = table.rowsOf(agreementId, row);
      changes.push({ group: agreementId, state: row as Json, rows });
    }
    writing = true;
    const started = performance.now();
    await stores.tables.commit(name, at, { expectedCheckpoint: committed, checkpoint: folded, changes });
    writing = false;
    const ended = performance.now();
    lastWrite = { ended, took: ended - started };
    committed = folded;
    written += changes.length;
    unwritten.clear();
    // Written states may be let go of, oldest first, to keep memory bounded.
    for (const agreementId of held.keys()) {
      if (held.size <= holdLimit) break;
      held.delete(agreementId);
      if (fresh) letGo.add(agreementId);
    }
  };

  const due = () =>
    build.live ||
    unwritten.size >= holdLimit ||
    performance.now() - lastWrite.ended >= Math.max(WRITE_EVERY_MS, FOLDING_PER_WRITING * lastWrite.took);

  try {
    for await (const batch of readAllPages(stores.events, {
      after: folded,
      pageSize: batchSize,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })) {
      const before = await statesOf(batch);
      const next = advance(projection, { state: before, checkpoint: folded }, batch, upcasters);
      for (const agreementId of Object.keys(next.state)) {
        const row = rowOf(next.state, agreementId) as R;
        if (row === rowOf(before, agreementId)) continue;
        held.set(agreementId, row);
        unwritten.add(agreementId);
      }
      folded = next.checkpoint;
      count += batch.length;
      handled += next.handled;
      if (due()) await write();
      options.onProgress?.({ projection: name, position: folded, count, rebuilding: !build.live });
    }
  } catch (error) {
    // A bad event stops the run; what was folded before its batch is written first. Should that
    // write fail too, the event's error is still the one to report: the next run retries both.
    if (!writing) await write().catch(() => undefined);
    throw error;
  }
  await write();
  const interrupted = options.signal?.aborted === true;
  const publish = !build.live && !interrupted;
  if (publish) await stores.tables.publish(name, build.generation);
  return {
    checkpoint: committed,
    count,
    handled,
    written,
    rebuilt: !build.live,
    published: publish,
    interrupted,
  };
}
