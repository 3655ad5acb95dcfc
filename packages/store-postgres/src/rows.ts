import type { Json, ProjectionSnapshot } from "@iop/core";
import type { DriverRow } from "@iop/core/adapter-kit";
import type { EventRow } from "./event-statements.js";
import type { ProjectionRow } from "./projection-statements.js";

/**
 * An event row (all text) as the core reads it: data and metadata stay JSON text, which the core
 * parses and checks. `streamId` comes from the caller of a stream read (every row is of that
 * stream) or from the row itself in read-all.
 */
export function toDriverRow(row: EventRow, streamId: string): DriverRow {
  return {
    eventId: row.event_id,
    streamId,
    streamVersion: Number(row.stream_version),
    globalPosition: Number(row.position),
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
    previousHash: row.previous_hash,
    hash: row.hash,
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
