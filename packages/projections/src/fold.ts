import {
  agreementIdOfStream,
  decodeEvent,
  defaultUpcasters,
  type RecordedEvent,
  type StoredEvent,
  type UpcasterRegistry,
} from "@iop/core";
import { checkClocks, isRecorded } from "./clocks.js";
import type { JsonValue } from "./json.js";
import type { Projection } from "./projection.js";

/** A state with the global position of the last event folded into it. */
export interface Checkpointed<S> {
  readonly state: S;
  /** Global position of the last event folded (or skipped); 0 before any. */
  readonly checkpoint: number;
}

/** Options of {@link foldEvents}. */
export interface FoldOptions {
  /** Record time: fold only events recorded at or before it (see {@link Clocks}). */
  readonly recordedBy?: Date | string;
  /** @deprecated Use `recordedBy`. */
  readonly knownAt?: Date | string;
}

/**
 * Reads a stored event for a projection: `undefined` when the projection has no use for it —
 * its stream is not an agreement's (other systems may share the store), or the projection
 * handles only some types and not this one (it is then not decoded at all, so types it ignores
 * cost nothing, even types this library does not know). An exhaustive projection decodes every
 * agreement event: a type it does not know means the data is newer than the code, and it stops.
 * @throws {EventDecodingError} when an event the projection needs does not decode.
 */
export function decodeFor<S extends JsonValue>(
  projection: Projection<S>,
  stored: StoredEvent,
  upcasters: UpcasterRegistry = defaultUpcasters,
): RecordedEvent | undefined {
  return agreementFoldedBy(projection, stored) === undefined ? undefined : decodeEvent(stored, upcasters);
}

/**
 * The agreement whose row a stored event is folded into, or `undefined` when the projection
 * has no use for the event (see {@link decodeFor}, which decodes exactly these).
 */
export function agreementFoldedBy<S extends JsonValue>(
  projection: Projection<S>,
  stored: StoredEvent,
): string | undefined {
  const agreementId = agreementIdOfStream(stored.streamId);
  if (agreementId === undefined) return undefined;
  if (!projection.exhaustive && !projection.handles(stored.type)) return undefined;
  return agreementId;
}

/** Options of {@link advance}. */
export interface AdvanceOptions {
  /**
   * `from.state` is the caller's alone, from the projection's initial state on, and is not read
   * again: the projection may fold into it in place (see {@link Projection.applyAllReusing}).
   */
  readonly reuseState?: boolean;
}

/**
 * Folds the stored events that come after `from.checkpoint` into `from.state`. Events at or
 * before the checkpoint are already in the state and are skipped, so handing a batch over twice
 * (a retried read, a restart that re-reads) changes nothing. Pure, unless `options.reuseState`.
 * @returns the new state and checkpoint, and how many events were handed to the handlers.
 */
export function advance<S extends JsonValue>(
  projection: Projection<S>,
  from: Checkpointed<S>,
  events: readonly StoredEvent[],
  upcasters: UpcasterRegistry = defaultUpcasters,
  options: AdvanceOptions = {},
): Checkpointed<S> & { readonly handled: number } {
  let checkpoint = from.checkpoint;
  const decoded: RecordedEvent[] = [];
  for (const stored of events) {
    if (stored.globalPosition <= checkpoint) continue;
    checkpoint = stored.globalPosition;
    const event = decodeFor(projection, stored, upcasters);
    if (event !== undefined) decoded.push(event);
  }
  const state =
    options.reuseState === true && projection.applyAllReusing !== undefined
      ? projection.applyAllReusing(from.state, decoded)
      : projection.applyAll(from.state, decoded);
  return { state, checkpoint, handled: decoded.length };
}

/**
 * Folds decoded events into the projection's initial state, in the order given, keeping only
 * those recorded at or before `recordedBy` when it is given. Pure.
 * @throws {RangeError} for a `recordedBy` that is not an instant (or given with its alias `knownAt`).
 */
export function foldEvents<S extends JsonValue>(
  projection: Projection<S>,
  events: Iterable<RecordedEvent>,
  options: FoldOptions = {},
): S {
  const clocks = checkClocks(options);
  const kept: RecordedEvent[] = [];
  for (const event of events) if (isRecorded(event.recordedAt, clocks)) kept.push(event);
  return projection.applyAll(projection.initialState, kept);
}
