import type { Json, ProjectionSnapshot } from "@iop/core";
import type { EsdbJsonEventData, EsdbRecordedEvent } from "./client.js";

/**
 * Where a projection's snapshots live: the stream `<namespace>iop-projection-<name>`. EventStoreDB
 * reserves names starting with `$` for its own streams, so the prefix is plain text, and the
 * driver refuses event stream ids that start with it. In a category-projection view the streams
 * fall in the category `iop` (or `<namespace>iop`).
 */
export const PROJECTION_STREAM_PREFIX = "iop-projection-";

/** Event type of a saved snapshot; its data is `{ name, version, checkpoint, state }`. */
export const SNAPSHOT_EVENT_TYPE = "IopProjectionSnapshot";

/** Event type of a deletion; its data is `{ name }`. */
export const DELETED_EVENT_TYPE = "IopProjectionDeleted";

/** The stream holding projection `name`'s snapshots, in `namespace`. */
export function projectionStreamName(namespace: string, name: string): string {
  return `${namespace}${PROJECTION_STREAM_PREFIX}${name}`;
}

/**
 * The event that saves a snapshot. It carries no metadata, so read-all never mistakes it for an
 * event of the store (whose metadata holds the envelope).
 */
export function snapshotEvent(
  id: string,
  snapshot: ProjectionSnapshot,
  stateJson: string,
): EsdbJsonEventData {
  const { name, version, checkpoint } = snapshot;
  return {
    id,
    contentType: "application/json",
    type: SNAPSHOT_EVENT_TYPE,
    data: { name, version, checkpoint, state: JSON.parse(stateJson) as Json },
    metadata: {},
  };
}

/** The event that forgets projection `name` (the next save then expects no checkpoint). */
export function deletedEvent(id: string, name: string): EsdbJsonEventData {
  return { id, contentType: "application/json", type: DELETED_EVENT_TYPE, data: { name }, metadata: {} };
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/**
 * What the last event of projection `name`'s stream says: its snapshot, or `undefined` after a
 * deletion.
 * @throws {Error} naming the stream when the event is neither (someone else wrote there).
 */
export function snapshotOf(name: string, event: EsdbRecordedEvent): ProjectionSnapshot | undefined {
  const data = event.data as { [key: string]: unknown } | null;
  const ours = event.isJson && typeof data === "object" && data !== null && data.name === name;
  if (ours && event.type === DELETED_EVENT_TYPE) return undefined;
  if (
    ours &&
    event.type === SNAPSHOT_EVENT_TYPE &&
    isCount(data.version) &&
    isCount(data.checkpoint) &&
    "state" in data
  )
    return { name, version: data.version, checkpoint: data.checkpoint, state: data.state as Json };
  throw new Error(
    `the last event of stream ${JSON.stringify(event.streamId)} (${event.type} at revision ${event.revision}) ` +
      `is not a snapshot of projection ${JSON.stringify(name)}`,
  );
}
