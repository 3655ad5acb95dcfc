import { createHash } from "node:crypto";
import { canonicalJson } from "../canonical-json.js";

/** What an event's hash covers: its whole envelope except the global position. */
export interface HashedEnvelope {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  /** JSON; `unknown` so that both stored and new envelopes fit. */
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: string;
}

/** The `previousHash` of a stream's first event: 64 zeros. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * The canonical text an event's hash is taken over: the RFC 8785 (JCS) serialisation of its
 * envelope with `previousHash`, the hash of the stream's event before it (for the first,
 * {@link GENESIS_HASH}). Keys sorted by UTF-16 code units, no whitespace, numbers and strings as
 * ECMAScript writes them: what `exactJson` admits is exactly what JCS can write.
 */
export function canonicalEnvelope(event: HashedEnvelope, previousHash: string): string {
  return canonicalJson({
    data: event.data,
    eventId: event.eventId,
    metadata: event.metadata,
    previousHash,
    recordedAt: event.recordedAt,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
  });
}

/** The event's hash: SHA-256 of its {@link canonicalEnvelope} in UTF-8, as lower-case hex. */
export function eventHash(event: HashedEnvelope, previousHash: string): string {
  return createHash("sha256").update(canonicalEnvelope(event, previousHash), "utf8").digest("hex");
}
