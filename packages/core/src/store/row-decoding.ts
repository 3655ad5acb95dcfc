import { CorruptEventError } from "../errors/index.js";
import { isHash } from "../integrity/event-hash.js";
import type { DriverRow } from "./driver.js";
import type { EventMetadata, Json, StoredEvent } from "./envelope.js";

/** Rows read as envelopes, up to the first that cannot be read, which is returned as an error. */
export interface DecodedRows {
  readonly events: StoredEvent[];
  readonly corrupt: CorruptEventError | undefined;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

function jsonObject(row: DriverRow, field: "data" | "metadata", text: unknown): { [key: string]: Json } {
  // Most events carry no metadata: skip the parser for the common case.
  if (text === "{}") return {};
  if (typeof text !== "string") throw corruptRow(row, field, "is not JSON text");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corruptRow(row, field, `is not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw corruptRow(row, field, "is not a JSON object");
  return value as { [key: string]: Json };
}

function corruptRow(row: DriverRow, field: string, reason: string): CorruptEventError {
  return new CorruptEventError(
    String(row.streamId),
    Number(row.streamVersion),
    Number(row.globalPosition),
    field,
    reason,
  );
}

function decodeRow(row: DriverRow): StoredEvent {
  const data = jsonObject(row, "data", row.data);
  const metadata = jsonObject(row, "metadata", row.metadata) as EventMetadata;
  if (typeof row.type !== "string" || row.type === "") throw corruptRow(row, "type", "is empty");
  if (!Number.isSafeInteger(row.schemaVersion) || row.schemaVersion < 1)
    throw corruptRow(row, "schemaVersion", "is not a positive integer");
  if (typeof row.recordedAt !== "string" || !ISO_UTC.test(row.recordedAt))
    throw corruptRow(row, "recordedAt", "is not an ISO 8601 UTC time stamp");
  if (!isHash(row.previousHash))
    throw corruptRow(row, "previousHash", "is not a SHA-256 hash in lower-case hex");
  if (!isHash(row.hash)) throw corruptRow(row, "hash", "is not a SHA-256 hash in lower-case hex");
  return {
    eventId: row.eventId,
    streamId: row.streamId,
    streamVersion: row.streamVersion,
    globalPosition: row.globalPosition,
    type: row.type,
    schemaVersion: row.schemaVersion,
    data,
    metadata,
    recordedAt: row.recordedAt,
    previousHash: row.previousHash,
    hash: row.hash,
  };
}

/** Decodes a driver's rows in order, stopping at the first corrupt one. */
export function decodeRows(rows: readonly DriverRow[]): DecodedRows {
  const events = new Array<StoredEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    try {
      events[i] = decodeRow(rows[i] as DriverRow);
    } catch (error) {
      if (!(error instanceof CorruptEventError)) throw error;
      events.length = i;
      return { events, corrupt: error };
    }
  }
  return { events, corrupt: undefined };
}
