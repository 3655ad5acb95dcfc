import type { Json, ProjectionSnapshot, StoredEvent } from "@iop/core";
import type { EventRow, ProjectionRow } from "./sql.js";

/** An event row (all text) as the envelope every adapter returns. */
export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    globalPosition: Number(row.position),
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: JSON.parse(row.data) as Json,
    metadata: JSON.parse(row.metadata) as StoredEvent["metadata"],
    recordedAt: row.recorded_at,
  };
}

/** A projection row (all text) as a snapshot. */
export function toSnapshot(row: ProjectionRow): ProjectionSnapshot {
  return {
    name: row.name,
    version: Number(row.version),
    checkpoint: Number(row.checkpoint),
    state: JSON.parse(row.state) as Json,
  };
}
