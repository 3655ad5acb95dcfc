import {
  eventHash,
  GENESIS_HASH,
  type HashedEnvelope,
  serialisedEnvelopeText,
  sha256Hex,
} from "../integrity/event-hash.js";
import type { SealedEvent } from "./driver.js";
import type { PreparedEvent } from "./store-input.js";

/** Where a stream's chain ends: its version and the hash of its last event. */
export interface StreamHead {
  readonly version: number;
  readonly hash: string;
}

/** The head of a stream that does not exist yet. */
export const EMPTY_HEAD: StreamHead = { version: 0, hash: GENESIS_HASH };

/**
 * Seals a batch onto `head`: versions from `head.version + 1`, each event's hash over its
 * canonical envelope and the hash before it. Data and metadata are hashed as the text the store
 * writes, which `exactJson` made canonical, so nothing is serialised twice.
 */
export function sealBatch(
  streamId: string,
  head: StreamHead,
  events: readonly PreparedEvent[],
  recordedAt: (index: number) => string,
): SealedEvent[] {
  const sealed = new Array<SealedEvent>(events.length);
  let previousHash = head.hash;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as PreparedEvent;
    // Built once, field by field (a spread costs more than the hash): the sealed event is the
    // envelope the hash is taken over.
    const envelope = {
      eventId: event.eventId,
      streamId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      dataJson: event.dataJson,
      metadataJson: event.metadataJson,
      streamVersion: head.version + i + 1,
      recordedAt: recordedAt(i),
      previousHash,
      hash: "",
    };
    envelope.hash = sha256Hex(serialisedEnvelopeText(envelope, previousHash));
    sealed[i] = envelope;
    previousHash = envelope.hash;
  }
  return sealed;
}

/** An event's links in its stream's chain. */
export interface ChainLinks {
  readonly previousHash: string;
  readonly hash: string;
}

/**
 * Seals stored events handed over stream by stream, each stream in version order — the upgrade
 * of a store written before the chain: each call gives the event's links, a stream's first event
 * chained on {@link GENESIS_HASH}. The envelope is the one a read returns (data and metadata
 * parsed), which is what verify recomputes.
 */
export function storedEventSealer(): (event: HashedEnvelope) => ChainLinks {
  let streamId: string | undefined;
  let previousHash = GENESIS_HASH;
  return (event) => {
    if (event.streamId !== streamId) {
      streamId = event.streamId;
      previousHash = GENESIS_HASH;
    }
    const links = { previousHash, hash: eventHash(event, previousHash) };
    previousHash = links.hash;
    return links;
  };
}
