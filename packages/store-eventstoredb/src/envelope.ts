import type { EventMetadata } from "@iop/core";
import type { PreparedEvent } from "@iop/core/adapter-kit";

/**
 * The custom metadata this adapter writes with every event. EventStoreDB keeps an event's id,
 * type, stream, revision and creation time itself; the two envelope fields it has no place
 * for travel here:
 *
 * ```json
 * { "schemaVersion": 2, "meta": { "actor": "…", "correlationId": "…" },
 *   "$correlationId": "…", "$causationId": "…" }
 * ```
 *
 * `meta` is the caller's {@link EventMetadata}, kept whole and apart so that none of its keys
 * can collide with ours. `$correlationId` / `$causationId` are copies of string
 * `correlationId` / `causationId`, under the names EventStoreDB's own projections
 * (`$by_correlation_id`) read; they are ignored when reading back.
 */
export interface EsdbEventMetadata {
  readonly schemaVersion: number;
  readonly meta: EventMetadata;
  readonly $correlationId?: string;
  readonly $causationId?: string;
}

/** The custom metadata to write for a prepared event. */
export function encodeMetadata(
  event: Pick<PreparedEvent, "schemaVersion" | "metadataJson">,
): EsdbEventMetadata {
  const meta = JSON.parse(event.metadataJson) as EventMetadata;
  return {
    schemaVersion: event.schemaVersion,
    meta,
    ...(typeof meta.correlationId === "string" ? { $correlationId: meta.correlationId } : {}),
    ...(typeof meta.causationId === "string" ? { $causationId: meta.causationId } : {}),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

/**
 * Reads back what {@link encodeMetadata} wrote, or `undefined` when `raw` is not in that
 * shape — the event was not written by this adapter (another application, a system event,
 * a binary event).
 */
export function decodeMetadata(raw: unknown): { schemaVersion: number; metadata: EventMetadata } | undefined {
  if (!isPlainObject(raw)) return undefined;
  const { schemaVersion, meta } = raw;
  if (typeof schemaVersion !== "number" || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1)
    return undefined;
  if (!isPlainObject(meta)) return undefined;
  return { schemaVersion, metadata: meta as EventMetadata };
}
