import { StoreClosedError } from "@iop/core";
import type {
  DriverAllRead,
  DriverAppend,
  DriverAppendOutcome,
  DriverChunkOutcome,
  DriverFailure,
  DriverRow,
  DriverStreamRead,
  EventStoreDriver,
} from "@iop/core/adapter-kit";
import type Database from "better-sqlite3";
import { SqliteConnection } from "./connection.js";
import { EventStatements } from "./event-statements.js";
import type { MigrationResult } from "./migrations.js";
import { classifySqliteFailure, isUniqueViolation } from "./sqlite-failure.js";
import { SqlitePersonKeyStore } from "./sqlite-person-key-store.js";
import { SqliteProjectionStore } from "./sqlite-projection-store.js";
import {
  type CheckedSqliteOptions,
  checkSqliteOptions,
  type SqliteStoreOptions,
} from "./sqlite-store-options.js";
import { SqliteTablesDriver } from "./sqlite-tables-driver.js";

/** What an open driver holds. */
interface Opened {
  readonly connection: SqliteConnection;
  readonly events: EventStatements;
  readonly projections: SqliteProjectionStore;
  readonly personKeys: SqlitePersonKeyStore;
  readonly tables: SqliteTablesDriver;
}

/**
 * The storage driver on SQLite (better-sqlite3): the embedded default. One file holds every
 * stream; several processes may open it at once (WAL mode, writers serialised by
 * `BEGIN IMMEDIATE`). Open it with `openSqliteStore`, which wraps it in the core's store.
 *
 * - An append is one transaction: version check, inserts, commit. A batch is all or nothing,
 *   even if the process is killed half-way; so is a chunk of an import (`appendChunk`).
 * - Versions start at 1 and are contiguous; the global position is the table's rowid,
 *   strictly increasing in commit order (events are never deleted).
 * - Calls are synchronous underneath (better-sqlite3); the promises resolve once the work is
 *   done and, with `synchronous: "full"`, on disk.
 */
export class SqliteDriver implements EventStoreDriver {
  readonly name = "SQLite";
  private readonly options: CheckedSqliteOptions;
  private opened: Opened | undefined;
  private closed = false;

  /**
   * Checks the options; {@link open} opens the file.
   * @throws {InvalidStoreInputError} naming the option that is wrong.
   */
  constructor(options: SqliteStoreOptions = {}) {
    this.options = checkSqliteOptions(options);
  }

  /** The database file (or `:memory:`). */
  get path(): string {
    return this.options.path;
  }

  /** Whether the store was opened for reading only. */
  get readOnly(): boolean {
    return this.options.readOnly;
  }

  /**
   * What {@link open} did to the file's schema: the steps it applied and how many events
   * written before the hash chain it sealed into it (`applied` empty for a current file).
   * `undefined` before the open and for a read-only store, which never migrates.
   */
  get migration(): MigrationResult | undefined {
    return this.opened?.connection.migration;
  }

  /**
   * The better-sqlite3 connection, for what the port does not offer: a backup
   * (`database.backup(file)`), an `integrity_check`. Writing events through it bypasses every
   * check of the store.
   */
  get database(): Database.Database {
    return this.ready().connection.db;
  }

  /** The projection store on the same database and connection; closed with the driver. */
  get projections(): SqliteProjectionStore {
    return this.ready().projections;
  }

  /**
   * Projection tables in the same file, on the same connection: each live table is a view
   * under its own name that any SQLite client can query. Closed with the driver.
   */
  get tables(): SqliteTablesDriver {
    return this.ready().tables;
  }

  /**
   * The person keys in the same file, on the same connection: hand them to `protectPersonalData`
   * so personal data is kept sealed and can be erased (see {@link SqlitePersonKeyStore} for what
   * destroying a key cleans and what it cannot reach). Closed with the driver.
   */
  get personKeys(): SqlitePersonKeyStore {
    return this.ready().personKeys;
  }

  /**
   * Opens the file: read-only for audit, or writable (created when missing and allowed, then
   * migrated), checking the path first so a failure says what to do.
   */
  async open(): Promise<void> {
    if (this.opened !== undefined || this.closed) throw new StoreClosedError();
    const connection = SqliteConnection.open(this.options);
    try {
      this.opened = {
        connection,
        events: new EventStatements(connection.db),
        projections: new SqliteProjectionStore(connection),
        personKeys: new SqlitePersonKeyStore(connection),
        tables: new SqliteTablesDriver(connection),
      };
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  async append(request: DriverAppend): Promise<DriverAppendOutcome> {
    const { connection, events } = this.ready();
    connection.assertWritable();
    try {
      return events.append(request);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The transaction rolled back. An event id stored already fired its index; otherwise the
      // stream's version index did, which the check under the write lock should prevent. Should
      // another writer have moved the stream anyway, it is the conflict it is; if the stream is
      // still where the batch may go, the row came from inside the database (a trigger, say),
      // and SQLite's error says what.
      const eventIds = events.storedEventIds(request.events);
      if (eventIds.length > 0) return { outcome: "event-id-in-use", eventIds };
      const actualVersion = events.version(request.streamId);
      if (request.accepts(actualVersion)) throw error;
      return { outcome: "conflict", actualVersion };
    }
  }

  /** The chunk in one transaction, as {@link append} writes one batch. */
  async appendChunk(appends: readonly DriverAppend[]): Promise<DriverChunkOutcome> {
    const { connection, events } = this.ready();
    connection.assertWritable();
    try {
      return events.appendChunk(appends);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Rolled back whole. The core checked that no id comes twice in the chunk, and the version
      // check ran under the write lock, so a stored event id is what fired, or SQLite says what.
      const eventIds = appends.flatMap((append) => events.storedEventIds(append.events));
      if (eventIds.length > 0) return { outcome: "event-id-in-use", eventIds };
      throw error;
    }
  }

  async readStream(request: DriverStreamRead): Promise<readonly DriverRow[]> {
    return this.ready().events.readStream(request);
  }

  async readAll(request: DriverAllRead): Promise<readonly DriverRow[]> {
    return this.ready().events.readAll(request);
  }

  /** Closes the connection; later calls throw `StoreClosedError`. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    this.opened?.connection.close();
  }

  classify(error: unknown): DriverFailure | undefined {
    return classifySqliteFailure(error, this.options.path);
  }

  /** What the open driver holds; throws before {@link open} and after {@link close}. */
  private ready(): Opened {
    if (this.opened === undefined || this.closed) throw new StoreClosedError();
    return this.opened;
  }
}
