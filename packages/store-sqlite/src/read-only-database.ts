import { existsSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { UnsupportedSchemaVersionError } from "./errors.js";
import { foundSchemaVersion, SCHEMA_VERSION } from "./migrations.js";
import { failWith, isCantOpen } from "./sqlite-failure.js";

/** Offset of the file-format bytes in an SQLite header: 1 = rollback journal, 2 = WAL. */
const FORMAT_WRITE_BYTE = 18;
const FORMAT_READ_BYTE = 19;

/**
 * Refuses a file whose schema is not this package's: a read-only store cannot migrate an older
 * one, and does not know a newer one.
 */
function assertCurrentSchema(db: Database.Database, path: string): void {
  const found = foundSchemaVersion(db);
  if (found === 0) failWith("not-a-store", `${path} holds no event store (it records no schema version)`);
  if (found !== SCHEMA_VERSION) throw new UnsupportedSchemaVersionError(found, SCHEMA_VERSION);
}

/**
 * The whole file as a read-only database in memory. For a WAL-mode file whose `-wal` and `-shm`
 * cannot be created (read-only media): better-sqlite3 builds SQLite without URI file names, so
 * `immutable=1` is out of reach. Without a `-wal` beside it the file alone holds every commit.
 */
function snapshotOf(path: string): Database.Database {
  let image: Buffer;
  try {
    image = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_FS_FILE_TOO_LARGE")
      failWith(
        "read-only",
        `${path} is on media SQLite cannot write its -shm file to, so it is read into memory, and it is over 2 GiB; copy it to writable media to audit it`,
      );
    throw error;
  }
  // The copy in memory has no WAL to read: mark it a rollback-journal file (the file keeps its mode).
  if (image[FORMAT_WRITE_BYTE] === 2 && image[FORMAT_READ_BYTE] === 2) {
    image[FORMAT_WRITE_BYTE] = 1;
    image[FORMAT_READ_BYTE] = 1;
  }
  return new Database(image, { readonly: true });
}

/**
 * Opens an existing event store for reading only: nothing is created, migrated or written, and
 * the journal mode stays as it is. A WAL-mode file on read-only media without its `-wal` and
 * `-shm` (a copy) is read into memory (see {@link snapshotOf}).
 * @throws {SqliteFailure | UnsupportedSchemaVersionError} when the file cannot be audited as it is.
 */
export function openReadOnlyDatabase(path: string, busyTimeoutMs: number): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
  try {
    // The first read opens the WAL, if the file has one.
    assertCurrentSchema(db, path);
    return db;
  } catch (error) {
    db.close();
    if (!isCantOpen(error)) throw error;
  }
  const wal = `${path}-wal`;
  if (existsSync(wal))
    failWith(
      "read-only",
      `${wal} cannot be read without ${path}-shm beside it, which read-only media cannot hold; copy the -shm file too, or all three files to writable media`,
    );
  const snapshot = snapshotOf(path);
  try {
    assertCurrentSchema(snapshot, path);
    return snapshot;
  } catch (error) {
    snapshot.close();
    throw error;
  }
}
