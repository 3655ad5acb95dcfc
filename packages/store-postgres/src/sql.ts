import type { PreparedEvent } from "@iop/core";
import type pg from "pg";

/** A parameterised statement: constant SQL text (bar the checked schema name) and its values. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** The columns every event read selects, in the shape {@link EventRow} names. */
const EVENT_COLUMNS = `e.position, st.stream_id, e.stream_version, e.event_id, e.type, e.schema_version,
  e.data, e.metadata, to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

/** One event row as read: every column as text (see {@link RAW_TEXT_TYPES}). */
export interface EventRow {
  readonly position: string;
  readonly stream_id: string;
  readonly stream_version: string;
  readonly event_id: string;
  readonly type: string;
  readonly schema_version: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
}

/** The row `append_events()` returns. */
export interface AppendRow {
  readonly o_appended: string;
  readonly o_version: string;
  readonly o_position: string | null;
}

/**
 * Type parsers that hand every column back as the text PostgreSQL sent. The adapter converts
 * values itself, so it reads the same whatever global parsers (`pg.types`) an application set.
 */
export const RAW_TEXT_TYPES: pg.CustomTypesConfig = {
  getTypeParser: () => (value: string) => value,
};

/** `append_events()`: checks the expected version and inserts the whole batch in one round trip. */
export function appendStatement(
  schema: string,
  streamId: string,
  expected: string,
  events: readonly PreparedEvent[],
  recordedAt: string | null,
): Statement {
  return {
    text: `SELECT o_appended, o_version, o_position FROM ${schema}.append_events($1, $2, $3, $4, $5, $6, $7, $8)`,
    values: [
      streamId,
      expected,
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion),
      events.map((e) => e.dataJson),
      events.map((e) => e.metadataJson),
      recordedAt,
    ],
  };
}

/** A stream's current version as its events say (0 when it has none). */
export function streamVersionStatement(schema: string, streamId: string): Statement {
  return {
    text: `SELECT coalesce(max(e.stream_version), 0) AS version
             FROM ${schema}.streams st JOIN ${schema}.events e ON e.stream_no = st.stream_no
            WHERE st.stream_key = sha256(convert_to($1::text, 'UTF8')) AND st.stream_id = $1`,
    values: [streamId],
  };
}

/** One stream's events forwards from `fromVersion`, or backwards from it. */
export function readStreamStatement(
  schema: string,
  streamId: string,
  direction: "forwards" | "backwards",
  fromVersion: number,
  limit: number,
): Statement {
  const [comparison, order] = direction === "forwards" ? [">=", "ASC"] : ["<=", "DESC"];
  return {
    text: `SELECT ${EVENT_COLUMNS}
             FROM ${schema}.streams st JOIN ${schema}.events e ON e.stream_no = st.stream_no
            WHERE st.stream_key = sha256(convert_to($1::text, 'UTF8')) AND st.stream_id = $1
              AND e.stream_version ${comparison} $2
            ORDER BY e.stream_version ${order}
            LIMIT $3`,
    values: [streamId, String(fromVersion), String(limit)],
  };
}

/**
 * Events after a global position, in position order, but only those a catch-up reader can
 * trust: events of transactions older than every transaction still running
 * (`pg_snapshot_xmin`). Because `append_events()` takes a transaction's id and its positions
 * together, such events form a prefix of the position order, so no event can later commit
 * below a position returned here. The second bound stops the scan at the first event of a
 * newer transaction instead of filtering the rest of the table.
 */
export function readAllStatement(schema: string, after: number, limit: number): Statement {
  return {
    text: `WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
           SELECT ${EVENT_COLUMNS}
             FROM ${schema}.events e JOIN ${schema}.streams st ON st.stream_no = e.stream_no
            WHERE e.position > $1
              AND e.transaction_id < (SELECT xmin FROM horizon)
              AND e.position < coalesce(
                    (SELECT n.position FROM ${schema}.events n
                      WHERE n.transaction_id >= (SELECT xmin FROM horizon)
                      ORDER BY n.transaction_id, n.position LIMIT 1),
                    9223372036854775807)
            ORDER BY e.position
            LIMIT $2`,
    values: [String(after), String(limit)],
  };
}

/** One projection row as read, every column as text. */
export interface ProjectionRow {
  readonly name: string;
  readonly version: string;
  readonly checkpoint: string;
  readonly state: string;
}

export function loadProjectionStatement(schema: string, name: string): Statement {
  return {
    text: `SELECT name, version, checkpoint, state FROM ${schema}.projections
            WHERE name_key = sha256(convert_to($1::text, 'UTF8')) AND name = $1`,
    values: [name],
  };
}

/** Inserts a projection unless one of that name exists; returns a row only when it inserted. */
export function insertProjectionStatement(
  schema: string,
  name: string,
  version: number,
  checkpoint: number,
  stateJson: string,
): Statement {
  return {
    text: `INSERT INTO ${schema}.projections (name_key, name, version, checkpoint, state)
           VALUES (sha256(convert_to($1::text, 'UTF8')), $1, $2, $3, $4)
           ON CONFLICT (name_key) DO NOTHING
           RETURNING name`,
    values: [name, String(version), String(checkpoint), stateJson],
  };
}

/** Replaces a projection if it is still at `expectedCheckpoint`; returns a row only when it did. */
export function updateProjectionStatement(
  schema: string,
  name: string,
  version: number,
  checkpoint: number,
  stateJson: string,
  expectedCheckpoint: number,
): Statement {
  return {
    text: `UPDATE ${schema}.projections
              SET version = $2, checkpoint = $3, state = $4, saved_at = now()
            WHERE name_key = sha256(convert_to($1::text, 'UTF8')) AND name = $1 AND checkpoint = $5
           RETURNING name`,
    values: [name, String(version), String(checkpoint), stateJson, String(expectedCheckpoint)],
  };
}

export function deleteProjectionStatement(schema: string, name: string): Statement {
  return {
    text: `DELETE FROM ${schema}.projections WHERE name_key = sha256(convert_to($1::text, 'UTF8')) AND name = $1`,
    values: [name],
  };
}
