import { InvalidStoreInputError } from "@iop/core";

/** Options of `openSqliteStore` (and of `new SqliteDriver`). */
export interface SqliteStoreOptions {
  /**
   * The database file. `:memory:` gives a private in-memory database. Default {@link DEFAULT_PATH}.
   */
  readonly path?: string;
  /**
   * Opens an existing file for reading only, as an auditor does: nothing is created, migrated or
   * written (its journal mode included), and appends and projection saves fail with
   * `StoreReadOnlyError`. Works on a copy on read-only media. Default `false`.
   */
  readonly readOnly?: boolean;
  /**
   * Whether a missing file is created (and migrated). `false`: a missing file is
   * `StoreOpenError` with reason `not-found`, so a misspelt path is reported, not created.
   * Default `true`; a read-only store is never created.
   */
  readonly create?: boolean;
  /**
   * How hard a commit waits for the disk (WAL mode either way):
   * - `"full"` (the default): every commit is fsynced to the WAL before `append` resolves, so an
   *   acknowledged append survives a power cut or OS crash.
   * - `"normal"`: commits are fsynced only at checkpoints. Still atomic and never corrupt, and an
   *   acknowledged append survives the process crashing; but a power cut or OS crash may lose the
   *   commits made since the last checkpoint. Several times faster for single appends.
   *
   * A read-only store writes nothing, so it ignores this.
   */
  readonly synchronous?: "normal" | "full";
  /**
   * The clock that stamps `recordedAt` (ISO 8601, UTC; `openSqliteStore` hands it to the core's
   * store, which stamps and hashes it), migrations and projection saves. Defaults to `new Date()`.
   */
  readonly clock?: () => Date;
  /**
   * How long a call waits for another connection's lock before failing with
   * `StoreUnavailableError`. SQLite waits synchronously, blocking the event loop. Default 5000.
   */
  readonly busyTimeoutMs?: number;
}

/** Default database file of {@link SqliteStoreOptions.path}. */
export const DEFAULT_PATH = "./iop.db";

/** {@link SqliteStoreOptions} checked, with every default filled in. */
export interface CheckedSqliteOptions {
  readonly path: string;
  readonly readOnly: boolean;
  readonly create: boolean;
  readonly synchronous: "normal" | "full";
  readonly clock: () => Date;
  readonly busyTimeoutMs: number;
}

/** better-sqlite3 refuses longer busy timeouts. */
const MAX_BUSY_TIMEOUT_MS = 0x7fffffff;

function fail(field: string, reason: string): never {
  throw new InvalidStoreInputError(field, reason);
}

/** A refused value in a few words, whatever it is. */
function shown(value: unknown): string {
  if (typeof value === "number") return String(value);
  return typeof value === "string" ? JSON.stringify(value) : typeof value;
}

function booleanOption(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") fail(field, "must be true or false");
  return value;
}

/**
 * Checks the options before anything touches the disk and fills in the defaults.
 * @throws {InvalidStoreInputError} naming the option that is wrong.
 */
export function checkSqliteOptions(options: unknown): CheckedSqliteOptions {
  if (typeof options !== "object" || options === null) fail("options", "must be an object");
  const { path, readOnly, create, synchronous, clock, busyTimeoutMs } = options as SqliteStoreOptions;
  const checkedPath = path ?? DEFAULT_PATH;
  if (typeof checkedPath !== "string" || checkedPath === "") fail("path", "must be a non-empty string");
  // better-sqlite3 trims the name; the checks of the path must see the file it will open.
  if (checkedPath.trim() !== checkedPath) fail("path", "must not begin or end with white space");
  if (checkedPath.includes("\0")) fail("path", "must not contain NUL");
  const checkedReadOnly = booleanOption(readOnly, "readOnly", false);
  const checkedCreate = booleanOption(create, "create", !checkedReadOnly);
  if (checkedReadOnly && checkedCreate)
    fail("create", "must not be true with readOnly: a read-only store is never created");
  if (checkedPath === ":memory:" && checkedReadOnly)
    fail("path", "must name a file with readOnly: a new :memory: database has nothing to read");
  if (checkedPath === ":memory:" && !checkedCreate)
    fail("create", "must not be false for :memory:, which is always a new database");
  const checkedSynchronous = synchronous ?? "full";
  if (checkedSynchronous !== "full" && checkedSynchronous !== "normal")
    fail("synchronous", `must be "full" or "normal" (got ${shown(checkedSynchronous)})`);
  if (clock !== undefined && typeof clock !== "function")
    fail("clock", "must be a function returning a Date");
  const checkedTimeout = busyTimeoutMs ?? 5000;
  if (!Number.isSafeInteger(checkedTimeout) || checkedTimeout < 0 || checkedTimeout > MAX_BUSY_TIMEOUT_MS)
    fail(
      "busyTimeoutMs",
      `must be an integer from 0 to ${MAX_BUSY_TIMEOUT_MS} (got ${shown(checkedTimeout)})`,
    );
  return {
    path: checkedPath,
    readOnly: checkedReadOnly,
    create: checkedCreate,
    synchronous: checkedSynchronous,
    clock: clock ?? (() => new Date()),
    busyTimeoutMs: checkedTimeout,
  };
}
