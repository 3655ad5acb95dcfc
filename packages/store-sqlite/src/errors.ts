import { IopError, StoreUnavailableError } from "@iop/core";

/** The database file was written by a newer version of this package; it is left untouched. */
export class UnsupportedSchemaVersionError extends IopError {
  readonly code = "UNSUPPORTED_SCHEMA_VERSION";
  constructor(
    /** The schema version found in the file. */
    readonly found: number,
    /** The newest schema version this package knows. */
    readonly supported: number,
  ) {
    super(`The SQLite database has schema version ${found}; this package supports up to ${supported}`);
  }
}

/** True for better-sqlite3's error for a UNIQUE (or primary key) constraint. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/**
 * Turns "the database is locked" (another writer held the lock longer than the busy timeout)
 * into {@link StoreUnavailableError}, which callers may retry; other errors pass unchanged.
 */
export function translateSqliteError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")))
    return new StoreUnavailableError(`SQLite database is locked by another writer (${code})`, {
      cause: error,
    });
  return error;
}
