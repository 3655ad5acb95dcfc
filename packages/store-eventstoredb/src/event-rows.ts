import type { DriverRow, PreparedEvent } from "@iop/core/adapter-kit";
import type { EsdbJsonEventData, EsdbRecordedEvent } from "./client.js";
import { decodeMetadata, encodeMetadata } from "./envelope.js";
import { streamVersionOfRevision } from "./expected-version.js";

/**
 * The EventStoreDB event for a prepared one: JSON data (the clients serialise it again, so it
 * is parsed from the core's text) and the metadata envelope.
 */
export function eventDataOf(event: PreparedEvent): EsdbJsonEventData {
  return {
    id: event.eventId,
    contentType: "application/json",
    type: event.type,
    data: JSON.parse(event.dataJson) as EsdbJsonEventData["data"],
    metadata: { ...encodeMetadata(event) },
  };
}

/** The server's creation time as ISO 8601 UTC; `""` (which the core reports) when it sent none. */
function recordedAtOf(created: unknown): string {
  return created instanceof Date && !Number.isNaN(created.getTime()) ? created.toISOString() : "";
}

/**
 * The driver's row for a read event of stream `streamId` (without the namespace), or why there
 * is none: `foreign` for an event this adapter did not write (binary, or metadata not in its
 * envelope), `no-position` when the server reported no `$all` position (before 22.6).
 *
 * Data and metadata become JSON text again, as the driver contract has it. Data the client
 * could not parse comes as its raw text and is passed on as such, so the core reports the event
 * as corrupt (`CorruptEventError` on `data`) rather than it being skipped as foreign.
 */
export function rowOf(
  streamId: string,
  event: EsdbRecordedEvent,
  globalPosition: number | undefined,
): DriverRow | "foreign" | "no-position" {
  if (!event.isJson) return "foreign";
  const decoded = decodeMetadata(event.metadata);
  if (decoded === undefined) return "foreign";
  if (globalPosition === undefined) return "no-position";
  return {
    eventId: event.id,
    streamId,
    streamVersion: streamVersionOfRevision(event.revision),
    globalPosition,
    type: event.type,
    schemaVersion: decoded.schemaVersion,
    data: typeof event.data === "string" ? event.data : JSON.stringify(event.data),
    metadata: JSON.stringify(decoded.metadata),
    recordedAt: recordedAtOf(event.created),
  };
}
