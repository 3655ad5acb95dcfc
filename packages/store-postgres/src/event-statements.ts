import type { DriverAppend, PreparedEvent, SealedEvent } from "@iop/core/adapter-kit";
import { type NamedSql, named, type Statement } from "./sql.js";

/** One event row as read: every column as text (see `RAW_TEXT_TYPES`). */
export interface EventRow {
  readonly position: string;
  readonly stream_version: string;
  readonly event_id: string;
  readonly type: string;
  readonly schema_version: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
  readonly previous_hash: string;
  readonly hash: string;
}

/** An event row of read-all, which spans streams and so says whose event it is. */
export interface GlobalEventRow extends EventRow {
  readonly stream_id: string;
}

/** The row `append_events_v3()` returns. */
export interface AppendRow {
  readonly o_appended: string;
  readonly o_version: string;
  /** Every appended event's position, as an array literal (`{7,8,9}`). */
  readonly o_positions: string | null;
}

/** The row `append_chunk_v1()` returns. */
export interface ChunkRow {
  readonly o_appended: string;
  /** On a conflict: the first stream of the chunk not at the version before its events. */
  readonly o_stream_id: string | null;
  readonly o_version: string | null;
  /** On success: the chunk's first position; the others follow it without a gap. */
  readonly o_first_position: string | null;
}

/** The event store's SQL for one schema, built once per store. */
export interface EventSql {
  readonly append: NamedSql;
  readonly appendChunk: NamedSql;
  readonly streamVersions: NamedSql;
  readonly streamVersion: NamedSql;
  readonly storedEventIds: NamedSql;
  readonly readForwards: NamedSql;
  readonly readBackwards: NamedSql;
  readonly readAll: NamedSql;
}

/**
 * A `timestamptz` column as reads return it: ISO 8601 in UTC with milliseconds, which is the
 * precision the core stamps, so a record time reads back exactly as it was written (and hashed).
 */
export const recordedAtText = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The columns of `events` every read returns, in the shape {@link EventRow} names. */
const EVENT_COLUMNS = `e.position, e.stream_version, e.event_id, e.type, e.schema_version, e.data, e.metadata,
  ${recordedAtText("e.recorded_at")} AS recorded_at, e.previous_hash, e.hash`;

/**
 * The stream's number, from the hash of its id (the unique key) and the id itself. An InitPlan:
 * the hash is computed and the stream found once per statement, and the events are then read
 * from `events` alone, by `(stream_no, stream_version)`.
 */
const streamNo = (schema: string) => `(SELECT st.stream_no FROM ${schema}.streams st
   WHERE st.stream_key = sha256(convert_to($1::text, 'UTF8')) AND st.stream_id = $1)`;

const readStreamSql = (schema: string, comparison: ">=" | "<=", order: "ASC" | "DESC") =>
  named(`SELECT ${EVENT_COLUMNS}
           FROM ${schema}.events e
          WHERE e.stream_no = ${streamNo(schema)}
            AND e.stream_version ${comparison} $2
          ORDER BY e.stream_version ${order}
          LIMIT $3`);

/**
 * Read-all selects its page from `events` first — after the cursor, below the horizon, in
 * position order, at most `limit` rows, straight off the primary key — and only then looks up
 * each row's stream id and formats its time, so a page costs O(page) however many events follow.
 * (Joining first made every page join and format all the rest of the table before the LIMIT.)
 * The stream id is a scalar subquery, one primary-key lookup per row of the page, so no plan can
 * turn it into a scan of all streams. The page size reaches the planner only as a subquery: on a
 * table without statistics yet (freshly loaded) the planner guesses the guarded range at 0.5 % of
 * the table, and with a known LIMIT above that guess it chose to read the whole range and sort it
 * (100 ms for the first page of 100 000 events); not knowing the LIMIT, it walks the primary key
 * in order and stops after the page.
 *
 * The page holds only events a catch-up reader can trust: those of transactions older than
 * every transaction still running (`pg_snapshot_xmin`). Because `append_events_v3()` takes a
 * transaction's id and its positions together, such events form a prefix of the position order,
 * so no event can later commit below a position returned here. The second bound stops the scan
 * at the first event of a newer transaction (found through the `(transaction_id, position)`
 * index) instead of filtering the rest of the table while an old transaction holds the horizon.
 */
const readAllSql = (schema: string) =>
  named(`WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
         page AS (
           SELECT p.position, p.stream_no, p.stream_version, p.event_id, p.type, p.schema_version,
                  p.data, p.metadata, p.recorded_at, p.previous_hash, p.hash
             FROM ${schema}.events p
            WHERE p.position > $1
              AND p.transaction_id < (SELECT xmin FROM horizon)
              AND p.position < coalesce(
                    (SELECT n.position FROM ${schema}.events n
                      WHERE n.transaction_id >= (SELECT xmin FROM horizon)
                      ORDER BY n.transaction_id, n.position LIMIT 1),
                    9223372036854775807)
            ORDER BY p.position
            LIMIT (SELECT $2::bigint))
         SELECT (SELECT st.stream_id FROM ${schema}.streams st WHERE st.stream_no = e.stream_no) AS stream_id,
                ${EVENT_COLUMNS}
           FROM page e
          ORDER BY e.position`);

/** Builds the event store's statements for `schema` (already quoted). */
export function eventSql(schema: string): EventSql {
  return {
    append: named(
      `SELECT o_appended, o_version, o_positions
         FROM ${schema}.append_events_v3($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    ),
    appendChunk: named(
      `SELECT o_appended, o_stream_id, o_version, o_first_position
         FROM ${schema}.append_chunk_v1($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    ),
    streamVersions: named(
      `SELECT u.id AS stream_id,
              coalesce((SELECT st.version FROM ${schema}.streams st
                         WHERE st.stream_key = sha256(convert_to(u.id, 'UTF8')) AND st.stream_id = u.id), 0)
                AS version
         FROM unnest($1::text[]) AS u (id)`,
    ),
    streamVersion: named(
      `SELECT coalesce(max(e.stream_version), 0) AS version
         FROM ${schema}.events e WHERE e.stream_no = ${streamNo(schema)}`,
    ),
    // In the unique index's collation, so the index answers it.
    storedEventIds: named(
      `SELECT e.event_id FROM ${schema}.events e WHERE e.event_id COLLATE "C" = ANY ($1::text[])`,
    ),
    readForwards: readStreamSql(schema, ">=", "ASC"),
    readBackwards: readStreamSql(schema, "<=", "DESC"),
    readAll: readAllSql(schema),
  };
}

/** JSON texts as the text of one JSON array (each is valid JSON already: the core made it). */
const jsonArray = (texts: readonly string[]): string => `[${texts.join(",")}]`;

/** The columns every append function takes after its streams, one array (or JSON array) each. */
function eventColumns(events: readonly SealedEvent[]) {
  return [
    events.map((e) => e.eventId),
    events.map((e) => e.type),
    events.map((e) => e.schemaVersion),
    jsonArray(events.map((e) => e.dataJson)),
    jsonArray(events.map((e) => e.metadataJson)),
    events.map((e) => e.recordedAt),
    events.map((e) => e.previousHash),
    events.map((e) => e.hash),
  ];
}

/**
 * `append_events_v3()`: checks on the server that the stream is at the version the batch was
 * sealed onto and inserts the whole batch, every field as sealed, in one round trip.
 * @throws {Error} when `expectedVersion` is not the version before the batch's first event: the
 *   server derives the versions from it, so any other would store them unlike their hashes.
 */
export function appendStatement(sql: EventSql, request: Omit<DriverAppend, "accepts">): Statement {
  const { events } = request;
  return {
    ...sql.append,
    values: [request.streamId, String(versionBefore(request)), ...eventColumns(events)],
  };
}

/**
 * `append_chunk_v1()`: the chunk's events one row each, in chunk order, with their streams and
 * versions; the server checks each stream's first version against its stored one.
 */
export function appendChunkStatement(sql: EventSql, appends: readonly DriverAppend[]): Statement {
  const streamIds: string[] = [];
  const events: SealedEvent[] = [];
  for (const append of appends) {
    versionBefore(append);
    for (const event of append.events) {
      streamIds.push(append.streamId);
      events.push(event);
    }
  }
  return {
    ...sql.appendChunk,
    values: [streamIds, events.map((e) => e.streamVersion), ...eventColumns(events)],
  };
}

/** The stored version of each of `streamIds` (0 for a stream that does not exist). */
export function streamVersionsStatement(sql: EventSql, streamIds: readonly string[]): Statement {
  return { ...sql.streamVersions, values: [streamIds] };
}

/** The exact version the stream must be at: the core seals a batch onto one (0: no stream). */
function versionBefore({ expectedVersion, events }: Omit<DriverAppend, "accepts">): number {
  const before = expectedVersion === "no-stream" ? 0 : expectedVersion;
  if (typeof before !== "number" || events[0]?.streamVersion !== before + 1)
    throw new Error(
      `append to expected version ${String(expectedVersion)} carries a batch sealed from version ${events[0]?.streamVersion}`,
    );
  return before;
}

/** A stream's current version as its events say (0 when it has none). */
export function streamVersionStatement(sql: EventSql, streamId: string): Statement {
  return { ...sql.streamVersion, values: [streamId] };
}

/** Which of the batch's event ids are stored already. */
export function storedEventIdsStatement(sql: EventSql, events: readonly PreparedEvent[]): Statement {
  return { ...sql.storedEventIds, values: [events.map((e) => e.eventId)] };
}

/** One stream's events forwards from `fromVersion`, or backwards from it. */
export function readStreamStatement(
  sql: EventSql,
  streamId: string,
  direction: "forwards" | "backwards",
  fromVersion: number,
  limit: number,
): Statement {
  const text = direction === "forwards" ? sql.readForwards : sql.readBackwards;
  return { ...text, values: [streamId, String(fromVersion), String(limit)] };
}

/** Events after a global position, in position order, that a catch-up reader can trust. */
export function readAllStatement(sql: EventSql, after: number, limit: number): Statement {
  return { ...sql.readAll, values: [String(after), String(limit)] };
}
