import { StoreClosedError } from "@iop/core";
import Database from "better-sqlite3";
import { assertSchemaSupported, type MigrationResult, migrate } from "./migrations.js";
import { checkPath } from "./path-check.js";
import { openReadOnlyDatabase } from "./read-only-database.js";
import { failWith } from "./sqlite-failure.js";
import type { CheckedSqliteOptions } from "./sqlite-store-options.js";

/** Opens (creating when allowed) and migrates a database with this package's pragmas. */
function openWritableDatabase(options: CheckedSqliteOptions): {
  db: Database.Database;
  migration: MigrationResult;
} {
  const db = new Database(options.path, { timeout: options.busyTimeoutMs, fileMustExist: !options.create });
  try {
    // Refuse a newer file before switching its journal mode changes it.
    assertSchemaSupported(db);
    // WAL: readers never block the writer nor see a half-written batch; one fsync per commit.
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${options.synchronous === "full" ? "FULL" : "NORMAL"}`);
    // Deleted content is overwritten with zeros rather than left in free space: a destroyed
    // person key leaves no copy in the pages this connection writes (see SqlitePersonKeyStore).
    db.pragma("secure_delete = ON");
    return { db, migration: migrate(db, options.clock) };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * One open better-sqlite3 connection, shared by the driver and its projection store. Closing it
 * makes every later call of either throw {@link StoreClosedError}.
 */
export class SqliteConnection {
  #db: Database.Database | undefined;

  private constructor(
    db: Database.Database,
    /** The database file, for messages. */
    readonly path: string,
    /** The `clock` option, or the system clock. */
    readonly clock: () => Date,
    /** Opened with `readOnly: true`: every write is refused. */
    readonly readOnly: boolean,
    /** What opening did to the schema; `undefined` for a read-only store, which never migrates. */
    readonly migration: MigrationResult | undefined,
  ) {
    this.#db = db;
  }

  /**
   * Opens the database the options name: read-only for audit, or writable (created when
   * missing and allowed, then migrated).
   * @throws {SqliteFailure | UnsupportedSchemaVersionError} or better-sqlite3's error, which the
   *   driver's `classify` names.
   */
  static open(options: CheckedSqliteOptions): SqliteConnection {
    checkPath(options.path, options);
    const { db, migration } = options.readOnly
      ? { db: openReadOnlyDatabase(options.path, options.busyTimeoutMs), migration: undefined }
      : openWritableDatabase(options);
    return new SqliteConnection(db, options.path, options.clock, options.readOnly, migration);
  }

  /** The connection, for preparing statements; throws once closed. */
  get db(): Database.Database {
    if (this.#db === undefined) throw new StoreClosedError();
    return this.#db;
  }

  /** Throws {@link StoreClosedError} once closed. */
  assertOpen(): void {
    if (this.#db === undefined) throw new StoreClosedError();
  }

  /** Refuses a write: once closed, or when the store was opened read-only. */
  assertWritable(): void {
    this.assertOpen();
    if (this.readOnly) failWith("read-only", "it was opened with readOnly: true, for audit");
  }

  /** Closes the connection (checkpointing the WAL when it is the last one). Idempotent. */
  close(): void {
    const db = this.#db;
    this.#db = undefined;
    db?.close();
  }
}
