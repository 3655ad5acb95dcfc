import {
  type AppendedEvent,
  type AppendOptions,
  type AppendResult,
  assertExpectedVersion,
  assertNewEventIds,
  ConcurrencyError,
  checkExpectedVersion,
  type EventMetadata,
  type EventStore,
  type ExpectedVersion,
  type Json,
  type NewEvent,
  normaliseReadAll,
  normaliseReadStream,
  type PreparedEvent,
  prepareAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
} from "@iop/core";
import type Database from "better-sqlite3";
import { SqliteConnection, type SqliteStoreOptions } from "./connection.js";
import { isUniqueViolation, translateSqliteError } from "./errors.js";
import { SqliteProjectionStore } from "./sqlite-projection-store.js";

/** A row of a stream read, in column order (statements run in raw mode: arrays are cheaper than objects). */
type StreamRow = [
  globalPosition: number,
  streamVersion: number,
  eventId: string,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string,
  recordedAt: string,
];

/** A row of a read-all: a stream row with its stream id. */
type AllRow = [
  globalPosition: number,
  streamId: string,
  streamVersion: number,
  eventId: string,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string,
  recordedAt: string,
];

const COLUMNS =
  "global_position, stream_version, event_id, type, schema_version, data, metadata, recorded_at";

/** Parameters of one inserted row. */
const ROW_PARAMETERS = 8;

/**
 * Rows per multi-row `INSERT`, largest first. A batch is inserted in chunks of these sizes (100
 * events: 64 + 32 + 4), so at most seven statements are ever prepared, and a chunk binds at most
 * 512 parameters, far below SQLite's limit (32 766).
 */
const CHUNK_SIZES = [64, 32, 16, 8, 4, 2, 1] as const;

function insertSql(rows: number): string {
  const row = `(?, ?, ?, ?, ?, ?, ?, ?)`;
  return `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at)
       VALUES ${Array.from({ length: rows }, () => row).join(", ")}`;
}

/**
 * The event store on SQLite (better-sqlite3): the embedded default. One file holds every
 * stream; several processes may open it at once (WAL mode, writers serialised by
 * `BEGIN IMMEDIATE`).
 *
 * - An append is one transaction: version check, inserts, commit. A batch is all or nothing,
 *   even if the process is killed half-way.
 * - Versions start at 1 and are contiguous; the global position is the table's rowid,
 *   strictly increasing in commit order (events are never deleted).
 * - Calls are synchronous underneath (better-sqlite3); the promises resolve once the work is
 *   done and, with `synchronous: "full"`, on disk.
 *
 * Open one with {@link openSqliteEventStore}.
 */
export class SqliteEventStore implements EventStore {
  private readonly currentVersion: Database.Statement<[string], number>;
  private readonly eventIdStored: Database.Statement<[string], number>;
  /** Multi-row inserts by chunk size (see {@link CHUNK_SIZES}), prepared on first use. */
  private readonly inserts = new Map<number, Database.Statement<unknown[]>>();
  private readonly readForwards: Database.Statement<[string, number, number], StreamRow>;
  private readonly readBackwards: Database.Statement<[string, number, number], StreamRow>;
  private readonly readAllAfter: Database.Statement<[number, number], AllRow>;
  private readonly appendTransaction: Database.Transaction<
    (streamId: string, expected: ExpectedVersion, events: PreparedEvent[], recordedAt: string) => AppendResult
  >;
  private projectionStore: SqliteProjectionStore | undefined;

  private constructor(private readonly connection: SqliteConnection) {
    const db = connection.db;
    // Prepared once: an append or read compiles no SQL and checks no schema.
    this.currentVersion = db
      .prepare<[string], number>(
        "SELECT stream_version FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1",
      )
      .pluck();
    this.eventIdStored = db.prepare<[string], number>("SELECT 1 FROM events WHERE event_id = ?").pluck();
    this.readForwards = db
      .prepare<[string, number, number], StreamRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?`,
      )
      .raw();
    this.readBackwards = db
      .prepare<[string, number, number], StreamRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND stream_version <= ? ORDER BY stream_version DESC LIMIT ?`,
      )
      .raw();
    this.readAllAfter = db
      .prepare<[number, number], AllRow>(
        `SELECT global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at
         FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
      )
      .raw();
    this.appendTransaction = db.transaction((streamId, expected, events, recordedAt) => {
      const actual = this.currentVersion.get(streamId) ?? 0;
      checkExpectedVersion(streamId, expected, actual);
      // One statement per chunk of rows rather than per event: a batch of 100 costs three calls
      // into SQLite, not a hundred. The rows of a multi-row INSERT get ascending rowids, so the
      // last one's is the batch's last global position.
      let streamVersion = actual;
      let globalPosition = 0;
      let next = 0;
      const appended = new Array<AppendedEvent>(events.length);
      for (const size of CHUNK_SIZES) {
        while (events.length - next >= size) {
          const params = new Array<unknown>(size * ROW_PARAMETERS);
          for (let row = 0, p = 0; row < size; row++) {
            const event = events[next + row] as PreparedEvent;
            params[p++] = streamId;
            params[p++] = ++streamVersion;
            params[p++] = event.eventId;
            params[p++] = event.type;
            params[p++] = event.schemaVersion;
            params[p++] = event.dataJson;
            params[p++] = event.metadataJson;
            params[p++] = recordedAt;
          }
          globalPosition = Number(this.insertOf(size).run(params).lastInsertRowid);
          for (let row = 0; row < size; row++)
            appended[next + row] = {
              eventId: (events[next + row] as PreparedEvent).eventId,
              globalPosition: globalPosition - size + 1 + row,
              recordedAt,
            };
          next += size;
        }
      }
      return { streamVersion, globalPosition, events: appended };
    });
  }

  /** The prepared `INSERT` of `rows` rows. */
  private insertOf(rows: number): Database.Statement<unknown[]> {
    let statement = this.inserts.get(rows);
    if (statement === undefined) {
      statement = this.connection.db.prepare<unknown[]>(insertSql(rows));
      this.inserts.set(rows, statement);
    }
    return statement;
  }

  /**
   * Opens (creating and migrating when needed) the database at `options.path`.
   * @throws {UnsupportedSchemaVersionError} when the file was written by a newer schema.
   */
  static async open(options: SqliteStoreOptions = {}): Promise<SqliteEventStore> {
    return new SqliteEventStore(SqliteConnection.open(options));
  }

  /**
   * Appends events to one stream in one `BEGIN IMMEDIATE` transaction.
   * @throws {ConcurrencyError} when the stream is not at the expected version.
   * @throws {InvalidStoreInputError} for a bad stream id, event or expected version, or an event id
   *   already in use; nothing is written.
   * @throws {StoreUnavailableError} when another connection held the write lock past the busy timeout.
   * @throws {StoreClosedError} after {@link close}.
   */
  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.connection.assertOpen();
    assertExpectedVersion(options?.expectedVersion);
    const prepared = prepareAppend(streamId, events);
    const expected = options.expectedVersion;
    const recordedAt = this.connection.clock().toISOString();
    try {
      return this.appendTransaction.immediate(streamId, expected, prepared, recordedAt);
    } catch (error) {
      if (isUniqueViolation(error)) {
        // The transaction rolled back. An event id already in use is bad input; otherwise the
        // stream's version index fired, which the version check under the write lock should
        // prevent: should another writer slip in anyway, report it as the conflict it is.
        assertNewEventIds(prepared, (id) => this.eventIdStored.get(id) !== undefined);
        throw new ConcurrencyError(streamId, expected, this.currentVersion.get(streamId) ?? 0);
      }
      throw translateSqliteError(error);
    }
  }

  /**
   * Reads one stream, forwards from `fromVersion` (default 1) or backwards from it (default:
   * the last version). An unknown stream gives `[]`.
   */
  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    this.connection.assertOpen();
    const { direction, fromVersion, limit } = normaliseReadStream(streamId, options);
    if (limit === 0) return [];
    const rows =
      direction === "forwards"
        ? this.readForwards.all(streamId, fromVersion ?? 1, limit)
        : this.readBackwards.all(streamId, fromVersion ?? Number.MAX_SAFE_INTEGER, limit);
    const events = new Array<StoredEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as StreamRow;
      events[i] = {
        eventId: row[2],
        streamId,
        streamVersion: row[1],
        globalPosition: row[0],
        type: row[3],
        schemaVersion: row[4],
        data: JSON.parse(row[5]) as Json,
        metadata: parseMetadata(row[6]),
        recordedAt: row[7],
      };
    }
    return events;
  }

  /** Reads every stream in global order, strictly after `after` (default 0), at most `limit` events. */
  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    this.connection.assertOpen();
    const { after, limit } = normaliseReadAll(options);
    if (limit === 0) return [];
    const rows = this.readAllAfter.all(after, limit);
    const events = new Array<StoredEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as AllRow;
      events[i] = {
        eventId: row[3],
        streamId: row[1],
        streamVersion: row[2],
        globalPosition: row[0],
        type: row[4],
        schemaVersion: row[5],
        data: JSON.parse(row[6]) as Json,
        metadata: parseMetadata(row[7]),
        recordedAt: row[8],
      };
    }
    return events;
  }

  /**
   * The projection store on the same database and connection. Closing this event store
   * closes it too.
   */
  projections(): SqliteProjectionStore {
    this.connection.assertOpen();
    this.projectionStore ??= new SqliteProjectionStore(this.connection);
    return this.projectionStore;
  }

  /** Closes the connection. Later calls (and calls of {@link projections}' store) throw `StoreClosedError`. */
  async close(): Promise<void> {
    this.connection.close();
  }
}

/** Opens a {@link SqliteEventStore}; see {@link SqliteStoreOptions} for the options and their defaults. */
export function openSqliteEventStore(options: SqliteStoreOptions = {}): Promise<SqliteEventStore> {
  return SqliteEventStore.open(options);
}

function parseMetadata(json: string): EventMetadata {
  // Most events carry no metadata: skip the parser for the common case.
  return json === "{}" ? {} : (JSON.parse(json) as EventMetadata);
}
