import type { DriverFailure } from "@iop/core/adapter-kit";

/**
 * A failure this package recognised itself (by looking at the path before opening, or at its
 * own options), already named as the core's {@link DriverFailure}. SQLite's own code would be
 * ambiguous: `SQLITE_CANTOPEN` is said of a missing folder, a folder, a missing file alike.
 */
export class SqliteFailure extends Error {
  constructor(readonly failure: DriverFailure) {
    super(failure.detail);
  }
}

/** Throws a {@link SqliteFailure}. */
export function failWith(kind: DriverFailure["kind"], detail: string): never {
  throw new SqliteFailure({ kind, detail });
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : "";
}

/** True for better-sqlite3's error for a UNIQUE (or primary key) constraint. */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** True for `SQLITE_CANTOPEN`: a file SQLite needs (the database, its `-wal` or `-shm`) will not open. */
export function isCantOpen(error: unknown): boolean {
  return codeOf(error)?.startsWith("SQLITE_CANTOPEN") === true;
}

/**
 * Names a failure of better-sqlite3 or of the file system for the core, which turns it into the
 * port's typed error; `undefined` for one it does not know (the core reports it as
 * `StoreDriverError`, with the error as cause).
 *
 * Extended result codes (`SQLITE_BUSY_SNAPSHOT`, `SQLITE_READONLY_DBMOVED`…) count as their
 * primary code. `path` is the database file, for the messages.
 */
export function classifySqliteFailure(error: unknown, path: string): DriverFailure | undefined {
  if (error instanceof SqliteFailure) return error.failure;
  const code = codeOf(error);
  if (code === undefined) return undefined;
  const message = messageOf(error);
  // Node's file-system errors begin with their code already: `EACCES: permission denied, …`.
  const said = message.startsWith(code) ? message : `${code}: ${message}`;
  switch (/^SQLITE_[A-Z]+/.exec(code)?.[0] ?? code) {
    case "SQLITE_BUSY":
    case "SQLITE_LOCKED":
      return { kind: "unavailable", detail: `${said}; another connection holds the lock` };
    case "SQLITE_FULL":
    case "ENOSPC":
      return { kind: "full", detail: said };
    case "SQLITE_READONLY":
    case "EROFS":
      return { kind: "read-only", detail: said };
    case "SQLITE_CANTOPEN":
    case "ENOENT":
      return { kind: "not-found", detail: `${said} (${path})` };
    case "SQLITE_NOTADB":
    case "EISDIR":
      return { kind: "not-a-store", detail: `${path} is not an SQLite database (${said})` };
    case "SQLITE_CORRUPT":
      return {
        kind: "not-a-store",
        detail: `${path} is a corrupt database file (${said}); restore it from a backup`,
      };
    case "SQLITE_PERM":
    case "SQLITE_AUTH":
    case "EACCES":
    case "EPERM":
      return { kind: "access-denied", detail: `${said} (${path})` };
    default:
      return undefined;
  }
}
