import { StoreClosedError } from "@iop/core";
import Database from "better-sqlite3";
import { translateSqliteError } from "./errors.js";
import { assertSchemaSupported, migrate } from "./migrations.js";

/** Options of {@link openSqliteEventStore}. */
export interface SqliteStoreOptions {
  /** The database file, created when missing. `:memory:` gives a private in-memory database. Default `./iop.db`. */
  readonly path?: string;
  /**
   * How hard a commit waits for the disk (WAL mode either way):
   * - `"full"` (the default): every commit is fsynced to the WAL before `append` resolves, so an
   *   acknowledged append survives a power cut or OS crash.
   * - `"normal"`: commits are fsynced only at checkpoints. Still atomic and never corrupt, and an
   *   acknowledged append survives the process crashing; but a power cut or OS crash may lose the
   *   commits made since the last checkpoint. Several times faster for single appends.
   */
  readonly synchronous?: "normal" | "full";
  /** The clock that stamps `recordedAt` (ISO 8601, UTC). Defaults to `new Date()`. */
  readonly clock?: () => Date;
  /**
   * How long a write waits for another connection's write lock before failing with
   * `StoreUnavailableError`. SQLite waits synchronously, blocking the event loop. Default 5000.
   */
  readonly busyTimeoutMs?: number;
}

/** Default database file of {@link SqliteStoreOptions.path}. */
export const DEFAULT_PATH = "./iop.db";

/**
 * One open better-sqlite3 connection, shared by the event store and its projection store.
 * Closing it makes every later call of either throw {@link StoreClosedError}.
 */
export class SqliteConnection {
  private open = true;

  private constructor(
    private readonly database: Database.Database,
    /** The `clock` option, or the system clock. */
    readonly clock: () => Date,
  ) {}

  /**
   * Opens (creating when missing) and migrates a database with this package's pragmas:
   * WAL journal, the chosen `synchronous` level, a busy timeout.
   */
  static open(options: SqliteStoreOptions = {}): SqliteConnection {
    const synchronous = options.synchronous ?? "full";
    if (synchronous !== "full" && synchronous !== "normal")
      throw new TypeError(`synchronous must be "full" or "normal" (got ${String(synchronous)})`);
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0)
      throw new TypeError(`busyTimeoutMs must be a non-negative integer (got ${String(busyTimeoutMs)})`);
    const clock = options.clock ?? (() => new Date());
    const db = new Database(options.path ?? DEFAULT_PATH, { timeout: busyTimeoutMs });
    try {
      // Refuse a newer file before switching its journal mode changes it.
      assertSchemaSupported(db);
      // WAL: readers never block the writer nor see a half-written batch; one fsync per commit.
      db.pragma("journal_mode = WAL");
      db.pragma(`synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
      migrate(db, clock);
    } catch (error) {
      db.close();
      throw translateSqliteError(error);
    }
    return new SqliteConnection(db, clock);
  }

  /** The connection, for preparing statements; throws once closed. */
  get db(): Database.Database {
    if (!this.open) throw new StoreClosedError();
    return this.database;
  }

  /** Throws {@link StoreClosedError} once closed. */
  assertOpen(): void {
    if (!this.open) throw new StoreClosedError();
  }

  /** Closes the connection (checkpointing the WAL when it is the last one). Idempotent. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.database.close();
  }
}
