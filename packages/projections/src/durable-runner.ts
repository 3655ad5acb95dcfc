import {
  defaultUpcasters,
  type EventStore,
  type Json,
  type ProjectionStore,
  readAllPages,
  type UpcasterRegistry,
} from "@iop/core";
import { ProjectionVersionError } from "./errors.js";
import { advance, type Checkpointed } from "./fold.js";
import { assertJsonValue, type JsonValue } from "./json.js";
import { positiveInteger } from "./positive-integer.js";
import type { Projection } from "./projection.js";

/** Where a durable projection reads events and keeps its state. */
export interface DurableStores {
  readonly events: EventStore;
  readonly projections: ProjectionStore;
}

/** What a runner reports after each saved batch. */
export interface CatchUpProgress {
  readonly projection: string;
  /** The checkpoint just saved: global position of the last event read. */
  readonly position: number;
  /** Events read in this run so far (handled or skipped). */
  readonly count: number;
  /** Of those, events handed to the handlers. */
  readonly handled: number;
  /** True when this run started from zero because of a version change or `rebuild: true`. */
  readonly rebuilding: boolean;
}

/** Options of {@link catchUp}. */
export interface CatchUpOptions {
  /** Events read, folded and saved per step (default 1000). A batch is the unit of atomicity. */
  readonly batchSize?: number;
  /** Stops the run between batches; what was saved stays saved and the next run resumes from it. */
  readonly signal?: AbortSignal;
  /** Called after each saved batch. */
  readonly onProgress?: (progress: CatchUpProgress) => void;
  /** Start from zero even though the stored version is current. */
  readonly rebuild?: boolean;
  readonly upcasters?: UpcasterRegistry;
}

/** The outcome of {@link catchUp}. */
export interface CatchUpResult<S> extends Checkpointed<S> {
  /** Events read in this run. */
  readonly count: number;
  /** Events handed to the handlers in this run. */
  readonly handled: number;
  /** True when this run started from zero over a stored state of another version (or `rebuild`). */
  readonly rebuilt: boolean;
  /** True when the signal stopped the run before it reached the end of the store. */
  readonly interrupted: boolean;
}

/**
 * The stored state of a projection, when one is stored for its current version.
 * @throws {ProjectionVersionError} when a newer version is stored.
 */
export async function loadProjection<S extends JsonValue>(
  projection: Projection<S>,
  store: ProjectionStore,
): Promise<Checkpointed<S> | undefined> {
  const snapshot = await store.load(projection.name);
  if (snapshot === undefined) return undefined;
  if (snapshot.version > projection.version)
    throw new ProjectionVersionError(projection.name, projection.version, snapshot.version);
  if (snapshot.version !== projection.version) return undefined;
  return { state: snapshot.state as S, checkpoint: snapshot.checkpoint };
}

/**
 * Brings a durable projection up to date: loads its snapshot, then, batch by batch, reads the
 * events after the checkpoint (`readAllPages`, one page per batch), folds them and saves state
 * and checkpoint in **one** save that expects the checkpoint it started the batch from. A crash at any point leaves the
 * stored state and checkpoint together: the next run resumes from them and no event is applied
 * twice or lost. A stored state of an older version (or `rebuild: true`) is rebuilt from zero; it
 * is replaced by the first saved batch, so until the rebuild is done the stored state is partial.
 *
 * @throws {ProjectionConflictError} when another runner saved the projection in between (stop one of them).
 * @throws {ProjectionVersionError} when a newer version of the projection is stored.
 * @throws {EventDecodingError} for an event that does not decode: the checkpoint stays before its batch.
 * @throws {CorruptEventError} for a stored event that cannot be read back: the checkpoint stays
 *   before it (the batch up to it is saved first).
 * @throws {TypeError} when a handler returns a state that is not JSON: nothing of that batch is saved.
 */
export async function catchUp<S extends JsonValue>(
  projection: Projection<S>,
  stores: DurableStores,
  options: CatchUpOptions = {},
): Promise<CatchUpResult<S>> {
  const batchSize = positiveInteger("batchSize", options.batchSize ?? 1000);
  const upcasters = options.upcasters ?? defaultUpcasters;
  const { name, version } = projection;

  const snapshot = await stores.projections.load(name);
  if (snapshot !== undefined && snapshot.version > version)
    throw new ProjectionVersionError(name, version, snapshot.version);
  const rebuilt = snapshot !== undefined && (snapshot.version !== version || options.rebuild === true);
  let expected: number | null = snapshot?.checkpoint ?? null;
  let at: Checkpointed<S> =
    snapshot !== undefined && !rebuilt
      ? { state: snapshot.state as S, checkpoint: snapshot.checkpoint }
      : { state: projection.initialState, checkpoint: 0 };
  let count = 0;
  let handled = 0;
  let unsaved = rebuilt;

  const save = async (next: Checkpointed<S>) => {
    assertJsonValue(next.state, `${name} state`);
    await stores.projections.save(
      { name, version, checkpoint: next.checkpoint, state: next.state as Json },
      expected,
    );
    expected = next.checkpoint;
    unsaved = false;
  };
  const result = (interrupted: boolean): CatchUpResult<S> => ({
    ...at,
    count,
    handled,
    rebuilt,
    interrupted,
  });

  // One page is one batch: folded, then saved with its checkpoint before the next is read.
  const batches = readAllPages(stores.events, {
    after: at.checkpoint,
    pageSize: batchSize,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  for await (const batch of batches) {
    const next = advance(projection, at, batch, upcasters);
    await save(next);
    at = { state: next.state, checkpoint: next.checkpoint };
    count += batch.length;
    handled += next.handled;
    options.onProgress?.({ projection: name, position: at.checkpoint, count, handled, rebuilding: rebuilt });
  }
  if (options.signal?.aborted) return result(true);
  // A rebuild over a store with no events still replaces the old version's state.
  if (unsaved) await save(at);
  return result(false);
}
