import { randomUUID } from "node:crypto";
import {
  type Command,
  decide,
  decodeEvent,
  eventCatalog,
  fold,
  isDomainError,
  type StoredEvent,
} from "@iop/core";
import { agreementIdOf, type BenchEvent, streamIdOf } from "../data.js";
import { Database, type SqliteDatabase } from "../drivers.js";
import { RegisterFold } from "../register.js";
import { NO_HASH } from "./no-hash.js";
import { RawChain } from "./raw-chain.js";
import type { Contender } from "./types.js";

/** A row as `SELECT *` gives it. */
interface Row {
  global_position: number;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
}

/** A row with its JSON parsed in place. */
type ParsedRow = Omit<Row, "data" | "metadata"> & { data: unknown; metadata: unknown };

function parse(rows: Row[]): ParsedRow[] {
  const parsed = rows as unknown as ParsedRow[];
  for (const row of rows) {
    (row as unknown as ParsedRow).data = JSON.parse(row.data);
    (row as unknown as ParsedRow).metadata = JSON.parse(row.metadata);
  }
  return parsed;
}

/** A row as the core's envelope, for its codec and the register fold; the raw table keeps no hashes. */
function toStored(row: ParsedRow): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: row.global_position,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data as StoredEvent["data"],
    metadata: row.metadata as StoredEvent["metadata"],
    recordedAt: row.recorded_at,
    previousHash: NO_HASH,
    hash: NO_HASH,
  };
}

/** The statements, with `chain`: rows sealed into the hash chain, as ours are (see {@link RawChain}). */
function statements(db: SqliteDatabase, chain: RawChain | undefined) {
  const insert = db.prepare<[string, number, string, string, number, string, string, string]>(
    `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSealed = chain
    ? db.prepare<[string, number, string, string, number, string, string, string, string, string]>(
        `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, previous_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
    : undefined;
  return {
    selectStream: db.prepare<[string], Row>(
      "SELECT * FROM events WHERE stream_id = ? ORDER BY stream_version",
    ),
    selectAfter: db.prepare<[number, number], Row>(
      "SELECT * FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?",
    ),
    appendTx: db.transaction((streamId: string, events: readonly BenchEvent[], expectedVersion: number) => {
      const recordedAt = new Date().toISOString();
      if (chain !== undefined && insertSealed !== undefined) {
        for (const e of chain.seal(streamId, events, expectedVersion, recordedAt))
          insertSealed.run(
            streamId,
            e.streamVersion,
            e.eventId,
            e.type,
            e.schemaVersion,
            e.dataJson,
            e.metadataJson,
            e.recordedAt,
            e.previousHash,
            e.hash,
          );
        return;
      }
      let version = expectedVersion;
      for (const event of events)
        insert.run(
          streamId,
          ++version,
          randomUUID(),
          event.type,
          event.schemaVersion,
          JSON.stringify(event.data),
          "{}",
          recordedAt,
        );
    }),
  };
}

/**
 * The floor: better-sqlite3 with plain prepared inserts and selects on a table with the same
 * columns as ours, the same pragmas (WAL, the same `synchronous`), one transaction per append
 * and no checks beyond the unique index on (stream, version).
 */
class RawSqlite implements Contender {
  private readonly sql: ReturnType<typeof statements>;

  constructor(
    private readonly db: SqliteDatabase,
    chain: RawChain | undefined,
  ) {
    this.sql = statements(db, chain);
  }

  async append(stream: number, events: readonly BenchEvent[], expectedVersion: number): Promise<void> {
    this.sql.appendTx.immediate(streamIdOf(stream), events, expectedVersion);
  }

  async readStream(stream: number): Promise<number> {
    return parse(this.sql.selectStream.all(streamIdOf(stream))).length;
  }

  private eachPage(pageSize: number, onPage: (page: ParsedRow[]) => void): number {
    let count = 0;
    for (let after = 0; ; ) {
      const page = parse(this.sql.selectAfter.all(after, pageSize));
      const last = page.at(-1);
      if (last === undefined) return count;
      onPage(page);
      count += page.length;
      after = last.global_position;
    }
  }

  async readAll(pageSize: number): Promise<number> {
    return this.eachPage(pageSize, () => undefined);
  }

  async rebuildRegister(pageSize: number): Promise<number> {
    const register = new RegisterFold();
    this.eachPage(pageSize, (page) => register.add(page.map(toStored)));
    return register.rows;
  }

  async handle(agreement: number, command: Command): Promise<void> {
    const streamId = streamIdOf(agreement);
    const state = fold(parse(this.sql.selectStream.all(streamId)).map((row) => decodeEvent(toStored(row))));
    const decided = decide(command, state);
    if (isDomainError(decided)) throw new Error(`${agreementIdOf(agreement)}: ${decided.message}`);
    this.sql.appendTx.immediate(
      streamId,
      decided.map((event) => ({
        type: event.type,
        schemaVersion: eventCatalog[event.type].schemaVersion,
        data: event.data,
      })),
      state.version,
    );
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/**
 * The raw SQLite contender; with `chain`, its appends also keep the hash chain (two more columns,
 * rows sealed as ours are): the chain workload's "raw + chain".
 */
export async function openRawSqlite(
  path: string,
  synchronous: "full" | "normal",
  options: { readonly chain?: boolean } = {},
): Promise<Contender> {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      global_position INTEGER PRIMARY KEY,
      stream_id       TEXT    NOT NULL,
      stream_version  INTEGER NOT NULL,
      event_id        TEXT    NOT NULL,
      type            TEXT    NOT NULL,
      schema_version  INTEGER NOT NULL,
      data            TEXT    NOT NULL,
      metadata        TEXT    NOT NULL,
      recorded_at     TEXT    NOT NULL${options.chain ? ",\n      previous_hash   TEXT    NOT NULL,\n      hash            TEXT    NOT NULL" : ""}
    );
    CREATE UNIQUE INDEX IF NOT EXISTS events_stream ON events (stream_id, stream_version);
  `);
  return new RawSqlite(db, options.chain ? new RawChain() : undefined);
}
