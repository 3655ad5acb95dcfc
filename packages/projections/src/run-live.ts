import {
  agreementStreamId,
  defaultUpcasters,
  type EventStore,
  readAllPages,
  type StoredEvent,
  type UpcasterRegistry,
} from "@iop/core";
import { checkClocks, isRecorded } from "./clocks.js";
import { advance, type Checkpointed } from "./fold.js";
import type { JsonValue } from "./json.js";
import { positiveInteger } from "./positive-integer.js";
import type { Projection } from "./projection.js";

/** Options of {@link runLive}. */
export interface LiveOptions {
  /** Fold only this agreement's stream; by default every agreement's. */
  readonly agreementId?: string;
  /** Record time: fold only events recorded at or before it (see {@link Clocks}). */
  readonly recordedBy?: Date | string;
  /** @deprecated Use `recordedBy`. */
  readonly knownAt?: Date | string;
  /** Events read per call to the store (default 5000). */
  readonly pageSize?: number;
  readonly upcasters?: UpcasterRegistry;
}

/**
 * Runs a projection in memory over the store's events, from its initial state, and returns the
 * state. Nothing is saved: use it for one-off questions ("what did the system hold on 28 March
 * 2022?") and small histories; for a kept, incrementally updated state use {@link catchUp}.
 * @throws {RangeError} for a bad option; {@link EventDecodingError} for an event that does not
 *   decode; {@link CorruptEventError} for a stored event that cannot be read back.
 */
export async function runLive<S extends JsonValue>(
  projection: Projection<S>,
  store: EventStore,
  options: LiveOptions = {},
): Promise<S> {
  const pageSize = positiveInteger("pageSize", options.pageSize ?? 5000);
  const clocks = checkClocks(options);
  const upcasters = options.upcasters ?? defaultUpcasters;
  // Without a record time every event counts: no copy of each page.
  const known = (events: StoredEvent[]) =>
    clocks.recordedByMs === null ? events : events.filter((e) => isRecorded(e.recordedAt, clocks));

  // The state is this function's alone until it returns, so the projection may fold in place.
  let at: Checkpointed<S> = { state: projection.initialState, checkpoint: 0 };
  if (options.agreementId !== undefined) {
    const streamId = agreementStreamId(options.agreementId);
    for (let fromVersion = 1; ; fromVersion += pageSize) {
      const page = await store.readStream(streamId, { fromVersion, limit: pageSize });
      at = advance(projection, at, known(page), upcasters, { reuseState: true });
      if (page.length < pageSize) return at.state;
    }
  }
  for await (const page of readAllPages(store, { pageSize }))
    at = advance(projection, at, known(page), upcasters, { reuseState: true });
  return at.state;
}
