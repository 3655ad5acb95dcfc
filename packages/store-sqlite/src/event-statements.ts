import type {
  DriverAllRead,
  DriverAppend,
  DriverAppendOutcome,
  DriverChunkOutcome,
  DriverRow,
  DriverStreamRead,
  PreparedEvent,
  SealedEvent,
} from "@iop/core/adapter-kit";
import type Database from "better-sqlite3";

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
  previousHash: string,
  hash: string,
];

/** A row of a read-all: a stream row with its stream id last, so both read alike. */
type AllRow = [...StreamRow, streamId: string];

const COLUMNS =
  "global_position, stream_version, event_id, type, schema_version, data, metadata, recorded_at, previous_hash, hash";

/** Parameters of one inserted row. */
const ROW_PARAMETERS = 10;

/**
 * Rows per multi-row `INSERT`, largest first. A batch is inserted in chunks of these sizes (100
 * events: 64 + 32 + 4), so at most seven statements are ever prepared, and a chunk binds at most
 * 640 parameters, far below SQLite's limit (32 766).
 */
const CHUNK_SIZES = [64, 32, 16, 8, 4, 2, 1] as const;

function insertSql(rows: number): string {
  const row = `(${Array.from({ length: ROW_PARAMETERS }, () => "?").join(", ")})`;
  return `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, previous_hash, hash)
       VALUES ${Array.from({ length: rows }, () => row).join(", ")}`;
}

function rowOf(streamId: string, row: StreamRow | AllRow): DriverRow {
  return {
    eventId: row[2],
    streamId,
    streamVersion: row[1],
    globalPosition: row[0],
    type: row[3],
    schemaVersion: row[4],
    data: row[5],
    metadata: row[6],
    recordedAt: row[7],
    previousHash: row[8],
    hash: row[9],
  };
}

/**
 * The events table's statements, prepared once: an append or read compiles no SQL and checks
 * no schema. Writes are prepared on first use, so a read-only connection prepares none.
 */
export class EventStatements {
  private readonly currentVersion: Database.Statement<[string], number>;
  private readonly eventIdStored: Database.Statement<[string], number>;
  private readonly readForwards: Database.Statement<[string, number, number], StreamRow>;
  private readonly readBackwards: Database.Statement<[string, number, number], StreamRow>;
  private readonly readAllAfter: Database.Statement<[number, number], AllRow>;
  /** Multi-row inserts by chunk size (see {@link CHUNK_SIZES}), prepared on first use. */
  private readonly inserts = new Map<number, Database.Statement<unknown[]>>();
  private appendTransaction: Database.Transaction<(request: DriverAppend) => DriverAppendOutcome> | undefined;
  private chunkTransaction:
    | Database.Transaction<(appends: readonly DriverAppend[]) => DriverChunkOutcome>
    | undefined;

  constructor(private readonly db: Database.Database) {
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
        `SELECT ${COLUMNS}, stream_id FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
      )
      .raw();
  }

  /** The stream's version (0: no such stream). */
  version(streamId: string): number {
    return this.currentVersion.get(streamId) ?? 0;
  }

  /** The ids of `events` that some stored event has already. */
  storedEventIds(events: readonly PreparedEvent[]): string[] {
    return events.filter((e) => this.eventIdStored.get(e.eventId) !== undefined).map((e) => e.eventId);
  }

  /**
   * Checks the stream's version and inserts the batch in one `BEGIN IMMEDIATE` transaction: the
   * write lock is taken before the version is read, so no other writer moves it in between.
   */
  append(request: DriverAppend): DriverAppendOutcome {
    this.appendTransaction ??= this.db.transaction((r: DriverAppend) => this.insertBatch(r));
    return this.appendTransaction.immediate(request);
  }

  /**
   * Checks each stream's version and inserts the whole chunk in one `BEGIN IMMEDIATE`
   * transaction, as {@link append} does for one batch; a conflict writes nothing.
   */
  appendChunk(appends: readonly DriverAppend[]): DriverChunkOutcome {
    this.chunkTransaction ??= this.db.transaction((a: readonly DriverAppend[]) => this.insertChunk(a));
    return this.chunkTransaction.immediate(appends);
  }

  private insertBatch(request: DriverAppend): DriverAppendOutcome {
    const actual = this.version(request.streamId);
    if (!request.accepts(actual)) return { outcome: "conflict", actualVersion: actual };
    const globalPositions = this.insertRows([request]);
    return {
      outcome: "appended",
      streamVersion: request.events.at(-1)?.streamVersion ?? actual,
      globalPositions,
    };
  }

  private insertChunk(appends: readonly DriverAppend[]): DriverChunkOutcome {
    // A stream's later appends in the chunk continue its earlier ones (the core chained them).
    const versions = new Map<string, number>();
    for (const [index, { streamId, accepts, events }] of appends.entries()) {
      const actual = versions.get(streamId) ?? this.version(streamId);
      if (!accepts(actual)) return { outcome: "conflict", index, actualVersion: actual };
      versions.set(streamId, actual + events.length);
    }
    return { outcome: "appended", globalPositions: this.insertRows(appends) };
  }

  /**
   * Writes each event as the core sealed it (its version, time and hashes are part of the
   * chain), in the order given, and returns their global positions.
   */
  private insertRows(appends: readonly DriverAppend[]): number[] {
    const streamIds: string[] = [];
    const events: SealedEvent[] = [];
    for (const append of appends)
      for (const event of append.events) {
        streamIds.push(append.streamId);
        events.push(event);
      }
    // One statement per chunk of rows rather than per event: a batch of 100 costs three calls
    // into SQLite, not a hundred. The rows of a multi-row INSERT get ascending rowids, so the
    // last one's gives the chunk's positions.
    let next = 0;
    const globalPositions = new Array<number>(events.length);
    for (const size of CHUNK_SIZES) {
      while (events.length - next >= size) {
        const params = new Array<unknown>(size * ROW_PARAMETERS);
        for (let row = 0, p = 0; row < size; row++) {
          const event = events[next + row] as SealedEvent;
          params[p++] = streamIds[next + row];
          params[p++] = event.streamVersion;
          params[p++] = event.eventId;
          params[p++] = event.type;
          params[p++] = event.schemaVersion;
          params[p++] = event.dataJson;
          params[p++] = event.metadataJson;
          params[p++] = event.recordedAt;
          params[p++] = event.previousHash;
          params[p++] = event.hash;
        }
        const last = Number(this.insertOf(size).run(params).lastInsertRowid);
        for (let row = 0; row < size; row++) globalPositions[next + row] = last - size + 1 + row;
        next += size;
      }
    }
    return globalPositions;
  }

  /** The prepared `INSERT` of `rows` rows. */
  private insertOf(rows: number): Database.Statement<unknown[]> {
    let statement = this.inserts.get(rows);
    if (statement === undefined) {
      statement = this.db.prepare<unknown[]>(insertSql(rows));
      this.inserts.set(rows, statement);
    }
    return statement;
  }

  readStream({ streamId, direction, fromVersion, limit }: DriverStreamRead): DriverRow[] {
    const statement = direction === "forwards" ? this.readForwards : this.readBackwards;
    const rows = statement.all(streamId, fromVersion, limit);
    const result = new Array<DriverRow>(rows.length);
    for (let i = 0; i < rows.length; i++) result[i] = rowOf(streamId, rows[i] as StreamRow);
    return result;
  }

  readAll({ after, limit }: DriverAllRead): DriverRow[] {
    const rows = this.readAllAfter.all(after, limit);
    const result = new Array<DriverRow>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as AllRow;
      result[i] = rowOf(row[10], row);
    }
    return result;
  }
}
