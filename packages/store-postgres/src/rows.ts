import type { Json, ProjectionSnapshot, StoredEvent } from "@iop/core";
import type { EventRow } from "./event-statements.js";
import type { ProjectionRow } from "./projection-statements.js";

/**
 * An event row (all text) as the envelope every adapter returns. `streamId` comes from the caller
 * of a stream read (every row is of that stream) or from the row itself in read-all.
 */
export function toStoredEvent(row: EventRow, streamId: string): StoredEvent {
  return {
    eventId: row.event_id,
    streamId,
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
