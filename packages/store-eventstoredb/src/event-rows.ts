import type { DriverRow, SealedEvent } from "@iop/core/adapter-kit";
import type { EsdbJsonEventData, EsdbRecordedEvent } from "./client.js";
import { decodeMetadata, type EsdbChainFields, encodeMetadata } from "./envelope.js";
import { streamVersionOfRevision } from "./expected-version.js";

/**
 * The EventStoreDB event for a sealed one: JSON data (the clients serialise it again, so it
 * is parsed from the core's text) and the metadata envelope, which carries the record time and
 * the hashes.
 */
export function eventDataOf(event: SealedEvent): EsdbJsonEventData {
  return {
    id: event.eventId,
    contentType: "application/json",
    type: event.type,
    data: JSON.parse(event.dataJson) as EsdbJsonEventData["data"],
    metadata: { ...encodeMetadata(event) },
  };
}

/**
 * The chain fields of an event written before this adapter kept the hash chain: its record time
 * was then the server's `created` time (`""` when the server sent none), and it has no hashes.
 * The empty hashes make the core refuse the event (`CorruptEventError` on `previousHash`): its
 * history cannot be proven, and EventStoreDB events cannot be rewritten with hashes.
 */
function legacyChain(created: unknown): EsdbChainFields {
  const recordedAt = created instanceof Date && !Number.isNaN(created.getTime()) ? created.toISOString() : "";
  return { recordedAt, previousHash: "", hash: "" };
}

/**
 * The driver's row for a read event of stream `streamId` (without the namespace), or why there
 * is none: `foreign` for an event this adapter did not write (binary, or metadata not in its
 * envelope), `no-position` when the server reported no `$all` position (before 22.6).
 *
 * Data and metadata become JSON text again, as the driver contract has it. Data the client
 * could not parse comes as its raw text and is passed on as such, so the core reports the event
 * as corrupt (`CorruptEventError` on `data`) rather than it being skipped as foreign.
 * `recordedAt`, `previousHash` and `hash` are the envelope's, as the core sealed them.
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
  const { recordedAt, previousHash, hash } = decoded.chain ?? legacyChain(event.created);
  return {
    eventId: event.id,
    streamId,
    streamVersion: streamVersionOfRevision(event.revision),
    globalPosition,
    type: event.type,
    schemaVersion: decoded.schemaVersion,
    data: typeof event.data === "string" ? event.data : JSON.stringify(event.data),
    metadata: JSON.stringify(decoded.metadata),
    recordedAt,
    previousHash,
    hash,
  };
}
