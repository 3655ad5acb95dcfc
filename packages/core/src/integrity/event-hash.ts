import { hash } from "node:crypto";
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

/** An envelope whose data and metadata are canonical JSON text already (as the store writes it). */
export interface SerialisedEnvelope {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  /** The data as canonical JSON text (RFC 8785). */
  readonly dataJson: string;
  /** The metadata as canonical JSON text (RFC 8785). */
  readonly metadataJson: string;
  readonly recordedAt: string;
}

/** The `previousHash` of a stream's first event: 64 zeros. */
export const GENESIS_HASH = "0".repeat(64);

/** A hash as the chain writes it: 64 lower-case hex digits. */
export const HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * True when `value` is a hash as the chain writes it ({@link HASH_PATTERN}). Checked by character
 * code: every event read checks two, where the regular expression cost a fifth of the read.
 */
export function isHash(value: unknown): value is string {
  if (typeof value !== "string" || value.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = value.charCodeAt(i);
    // 0-9 or a-f
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/**
 * {@link canonicalEnvelope} from data and metadata that are canonical text already: the store's
 * write path, which serialised them once and does not serialise them again.
 */
export function serialisedEnvelopeText(event: SerialisedEnvelope, previousHash: string): string {
  // The keys in JCS order; each value is canonical, so the whole is.
  return (
    `{"data":${event.dataJson},"eventId":${JSON.stringify(event.eventId)},` +
    `"metadata":${event.metadataJson},"previousHash":${JSON.stringify(previousHash)},` +
    `"recordedAt":${JSON.stringify(event.recordedAt)},"schemaVersion":${event.schemaVersion},` +
    `"streamId":${JSON.stringify(event.streamId)},"streamVersion":${event.streamVersion},` +
    `"type":${JSON.stringify(event.type)}}`
  );
}

/**
 * The canonical text an event's hash is taken over: the RFC 8785 (JCS) serialisation of its
 * envelope with `previousHash`, the hash of the stream's event before it (for the first,
 * {@link GENESIS_HASH}). Keys sorted by UTF-16 code units, no whitespace, numbers and strings as
 * ECMAScript writes them: what `exactJson` admits is exactly what JCS can write.
 */
export function canonicalEnvelope(event: HashedEnvelope, previousHash: string): string {
  return serialisedEnvelopeText(
    { ...event, dataJson: canonicalJson(event.data), metadataJson: canonicalJson(event.metadata) },
    previousHash,
  );
}

/** SHA-256 of a text's UTF-8, as lower-case hex (the one-shot `hash`: half the cost of a `Hash` object per event). */
export function sha256Hex(text: string): string {
  return hash("sha256", text, "hex");
}

/** The event's hash: SHA-256 of its {@link canonicalEnvelope} in UTF-8, as lower-case hex. */
export function eventHash(event: HashedEnvelope, previousHash: string): string {
  return sha256Hex(canonicalEnvelope(event, previousHash));
}
