import type {
  DriverAllRead,
  DriverAppend,
  DriverAppendOutcome,
  DriverChunkOutcome,
  DriverFailure,
  DriverRow,
  DriverStreamRead,
  EventStoreDriver,
  PreparedEvent,
} from "@iop/core/adapter-kit";
import type pg from "pg";
import { classifyPostgresError } from "./classify.js";
import { Database, type PostgresDriverOptions } from "./database.js";
import {
  type AppendRow,
  appendChunkStatement,
  appendStatement,
  type ChunkRow,
  type EventRow,
  type EventSql,
  eventSql,
  type GlobalEventRow,
  readAllStatement,
  readStreamStatement,
  storedEventIdsStatement,
  streamVersionStatement,
  streamVersionsStatement,
} from "./event-statements.js";
import type { MigrateResult } from "./migrations.js";
import { PostgresPersonKeyStore } from "./postgres-person-key-store.js";
import { PostgresProjectionStore } from "./postgres-projection-store.js";
import { PostgresTablesDriver } from "./postgres-tables-driver.js";
import { toDriverRow } from "./rows.js";
import { named } from "./sql.js";
import { toStoreError } from "./store-error.js";

const UNIQUE_VIOLATION = "23505";
/** The unique index on `events.event_id` (migration 3). */
const EVENT_ID_INDEX = "events_event_id_idx";
/** What `open()` sends when it is not to migrate: the cheapest round trip that logs in. */
const PING = { ...named("SELECT 1"), values: [] };

/**
 * The storage driver on PostgreSQL (13 or later), through a `pg.Pool`; {@link openPostgresStore}
 * puts the core's store over it.
 *
 * - One round trip per append: the `append_events_v3()` function created by the migrations checks
 *   the stream's version on the server while holding the stream's turn (a transaction-scoped
 *   advisory lock) and inserts the whole batch as the core sealed it (record times and hashes).
 * - Every statement is a named one, prepared once per connection; columns come back as raw text.
 * - Global order a catch-up reader can trust: {@link readAll} never returns an event while a
 *   transaction that could still commit an earlier position is running. See the README.
 * - Schema changes are versioned migrations, applied by {@link open} (or by {@link migrate}).
 */
export class PostgresDriver implements EventStoreDriver {
  readonly name = "PostgreSQL";
  /** Projection snapshots on the same pool and schema; closed with the driver. */
  readonly projections: PostgresProjectionStore;
  /**
   * The person keys on the same pool and schema, for `protectPersonalData`: personal data kept
   * sealed and erasable. See {@link PostgresPersonKeyStore} for what destroying a key rewrites
   * and what it cannot reach. Closed with the driver.
   */
  readonly personKeys: PostgresPersonKeyStore;
  /**
   * Projection tables on the same pool and schema, which the core's store serves as
   * `store.tables`: views in the schema that a city's SQL can query. Closed with the driver.
   */
  readonly tables: PostgresTablesDriver;
  private readonly db: Database;
  private readonly sql: EventSql;

  /** @throws {InvalidStoreInputError} on field `schema` for a schema name that is not allowed. */
  constructor(options: PostgresDriverOptions) {
    this.db = new Database(options);
    this.sql = eventSql(this.db.quoted);
    this.projections = new PostgresProjectionStore(this.db);
    this.personKeys = new PostgresPersonKeyStore(this.db);
    this.tables = new PostgresTablesDriver(this.db);
  }

  /** The pool in use, e.g. to read a model of your own in the same database. */
  get pool(): pg.Pool {
    return this.db.pool;
  }

  /** The schema holding the tables. */
  get schema(): string {
    return this.db.schema;
  }

  /**
   * What migrating this store did, once it has been migrated (on open, or by {@link migrate}):
   * the versions applied and how many stored events were sealed into the hash chain (a store
   * written before the chain), for a tool to report. `undefined` before, e.g. with `migrate: false`.
   */
  get migration(): MigrateResult | undefined {
    return this.db.migrated;
  }

  /** Applies missing migrations now: for a store opened with `migrate: false`. */
  async migrate(): Promise<MigrateResult> {
    try {
      return await this.db.migrate();
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /** Migrates (or, with `migrate: false`, logs in once), so a wrong address or password fails here. */
  async open(): Promise<void> {
    if (this.db.autoMigrate) await this.db.migrate();
    else await this.db.query(PING);
  }

  async append(request: DriverAppend): Promise<DriverAppendOutcome> {
    let row: AppendRow | undefined;
    try {
      [row] = await this.db.query<AppendRow>(appendStatement(this.sql, request));
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== UNIQUE_VIOLATION) throw error;
      // The statement rolled back whole. The core names the event whose id is stored already.
      if ((error as { constraint?: unknown }).constraint === EVENT_ID_INDEX)
        return { outcome: "event-id-in-use", eventIds: await this.storedEventIds(request.events) };
      // Otherwise the stream's version index fired. Taking turns on the stream makes this
      // unreachable in normal operation; should a version collide anyway (say a hand-made
      // insert), it is still a conflict, reported with the truth.
      return { outcome: "conflict", actualVersion: await this.currentVersion(request.streamId) };
    }
    if (row === undefined) throw new Error("append_events_v3() returned no row");
    if (row.o_appended !== "t") return { outcome: "conflict", actualVersion: Number(row.o_version) };
    return {
      outcome: "appended",
      streamVersion: Number(row.o_version),
      globalPositions: (row.o_positions ?? "{}").slice(1, -1).split(",").map(Number),
    };
  }

  /**
   * The chunk in one statement, a call to `append_chunk_v1()` (see the README): its own
   * transaction, all or nothing, each stream's version checked on the server.
   */
  async appendChunk(appends: readonly DriverAppend[]): Promise<DriverChunkOutcome> {
    let row: ChunkRow | undefined;
    try {
      [row] = await this.db.query<ChunkRow>(appendChunkStatement(this.sql, appends));
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== UNIQUE_VIOLATION) throw error;
      if ((error as { constraint?: unknown }).constraint === EVENT_ID_INDEX)
        return {
          outcome: "event-id-in-use",
          eventIds: await this.storedEventIds(appends.flatMap((a) => a.events)),
        };
      // A writer raced the chunk on one of its streams and committed first: name the stream.
      const conflict = await this.chunkConflict(appends);
      if (conflict === undefined) throw error;
      return conflict;
    }
    if (row === undefined) throw new Error("append_chunk_v1() returned no row");
    if (row.o_appended !== "t") {
      const index = appends.findIndex((a) => a.streamId === row.o_stream_id);
      return { outcome: "conflict", index, actualVersion: Number(row.o_version) };
    }
    const first = Number(row.o_first_position);
    const count = appends.reduce((sum, a) => sum + a.events.length, 0);
    return { outcome: "appended", globalPositions: Array.from({ length: count }, (_, i) => first + i) };
  }

  async readStream({ streamId, direction, fromVersion, limit }: DriverStreamRead): Promise<DriverRow[]> {
    const rows = await this.db.query<EventRow>(
      readStreamStatement(this.sql, streamId, direction, fromVersion, limit),
    );
    return rows.map((row) => toDriverRow(row, streamId));
  }

  /**
   * Rows of all streams in global order after a position. Returns only events no running
   * transaction can precede: while an append is in flight, later commits wait behind it, so
   * a reader resuming after the last position it saw misses nothing and sees nothing twice.
   */
  async readAll({ after, limit }: DriverAllRead): Promise<DriverRow[]> {
    const rows = await this.db.query<GlobalEventRow>(readAllStatement(this.sql, after, limit));
    return rows.map((row) => toDriverRow(row, row.stream_id));
  }

  /** Refuses further use (of the projection store too) and ends the pool if the driver created it. */
  async close(): Promise<void> {
    await this.db.close();
  }

  classify(error: unknown): DriverFailure | undefined {
    return classifyPostgresError(error);
  }

  /** Which of the batch's event ids the store holds already. */
  private async storedEventIds(events: readonly PreparedEvent[]): Promise<string[]> {
    const rows = await this.db.query<{ event_id: string }>(storedEventIdsStatement(this.sql, events));
    return rows.map((r) => r.event_id);
  }

  /** The chunk's first append whose stream is not where it goes on, as now stored. */
  private async chunkConflict(appends: readonly DriverAppend[]): Promise<DriverChunkOutcome | undefined> {
    const streamIds = [...new Set(appends.map((a) => a.streamId))];
    const rows = await this.db.query<{ stream_id: string; version: string }>(
      streamVersionsStatement(this.sql, streamIds),
    );
    const stored = new Map(rows.map((r) => [r.stream_id, Number(r.version)]));
    const seen = new Set<string>();
    for (const [index, append] of appends.entries()) {
      if (seen.has(append.streamId)) continue;
      seen.add(append.streamId);
      const actualVersion = stored.get(append.streamId) ?? 0;
      if (!append.accepts(actualVersion)) return { outcome: "conflict", index, actualVersion };
    }
    return undefined;
  }

  private async currentVersion(streamId: string): Promise<number> {
    const [row] = await this.db.query<{ version: string }>(streamVersionStatement(this.sql, streamId));
    return Number(row?.version ?? 0);
  }
}
