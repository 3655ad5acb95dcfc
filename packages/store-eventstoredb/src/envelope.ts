import type { EventMetadata } from "@iop/core";
import type { SealedEvent } from "@iop/core/adapter-kit";

/**
 * The custom metadata this adapter writes with every event. EventStoreDB keeps an event's id,
 * type, stream and revision itself; the envelope fields it has no place for travel here:
 *
 * ```json
 * { "schemaVersion": 2, "meta": { "actor": "…", "correlationId": "…" },
 *   "recordedAt": "2022-03-24T20:00:00.000Z", "previousHash": "…", "hash": "…",
 *   "$correlationId": "…", "$causationId": "…" }
 * ```
 *
 * `meta` is the caller's {@link EventMetadata}, kept whole and apart so that none of its keys
 * can collide with ours. `recordedAt`, `previousHash` and `hash` are the core's, as it sealed
 * the event into its stream's hash chain (the server's own `created` time is not the record
 * time: the hash covers `recordedAt`, so the core stamps it). `$correlationId` / `$causationId`
 * are copies of string `correlationId` / `causationId`, under the names EventStoreDB's own
 * projections (`$by_correlation_id`) read; they are ignored when reading back.
 */
export interface EsdbEventMetadata {
  readonly schemaVersion: number;
  readonly meta: EventMetadata;
  readonly recordedAt: string;
  readonly previousHash: string;
  readonly hash: string;
  readonly $correlationId?: string;
  readonly $causationId?: string;
}

/** An event's place in its stream's hash chain, as its envelope holds it. */
export interface EsdbChainFields {
  readonly recordedAt: string;
  readonly previousHash: string;
  readonly hash: string;
}

/** What {@link decodeMetadata} reads back. */
export interface DecodedMetadata {
  readonly schemaVersion: number;
  readonly metadata: EventMetadata;
  /**
   * The chain fields as written (a field that is not a string becomes `""`, which the core
   * reports as corrupt), or `undefined` for an event written before the adapter kept the hash
   * chain: its envelope has none of them.
   */
  readonly chain: EsdbChainFields | undefined;
}

/** The custom metadata to write for a sealed event. */
export function encodeMetadata(
  event: Pick<SealedEvent, "schemaVersion" | "metadataJson" | "recordedAt" | "previousHash" | "hash">,
): EsdbEventMetadata {
  const meta = JSON.parse(event.metadataJson) as EventMetadata;
  return {
    schemaVersion: event.schemaVersion,
    meta,
    recordedAt: event.recordedAt,
    previousHash: event.previousHash,
    hash: event.hash,
    ...(typeof meta.correlationId === "string" ? { $correlationId: meta.correlationId } : {}),
    ...(typeof meta.causationId === "string" ? { $causationId: meta.causationId } : {}),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

const CHAIN_KEYS = ["recordedAt", "previousHash", "hash"] as const;

function chainOf(raw: Record<string, unknown>): EsdbChainFields | undefined {
  if (CHAIN_KEYS.every((key) => !Object.hasOwn(raw, key))) return undefined;
  const text = (key: (typeof CHAIN_KEYS)[number]): string => {
    const value = raw[key];
    return typeof value === "string" ? value : "";
  };
  return { recordedAt: text("recordedAt"), previousHash: text("previousHash"), hash: text("hash") };
}

/**
 * Reads back what {@link encodeMetadata} wrote, or `undefined` when `raw` is not in that
 * shape — the event was not written by this adapter (another application, a system event,
 * a binary event). An envelope with `schemaVersion` and `meta` but no chain fields was written
 * by this adapter before it kept the hash chain (`chain` is then `undefined`).
 */
export function decodeMetadata(raw: unknown): DecodedMetadata | undefined {
  if (!isPlainObject(raw)) return undefined;
  const { schemaVersion, meta } = raw;
  if (typeof schemaVersion !== "number" || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1)
    return undefined;
  if (!isPlainObject(meta)) return undefined;
  return { schemaVersion, metadata: meta as EventMetadata, chain: chainOf(raw) };
}
