import { IopError } from "@iop/core";

/**
 * The database file's schema is not one this package can use as it is: newer than this package
 * knows (written by a later version), or — for a read-only store, which cannot migrate — older.
 * The file is left untouched.
 */
export class UnsupportedSchemaVersionError extends IopError {
  readonly code = "UNSUPPORTED_SCHEMA_VERSION";
  constructor(
    /** The schema version found in the file. */
    readonly found: number,
    /** The schema version this package writes and reads. */
    readonly supported: number,
  ) {
    super(
      found > supported
        ? `The SQLite database has schema version ${found}; this package supports up to ${supported}: open it with a newer @iop/store-sqlite`
        : `The SQLite database has schema version ${found}, older than this package's ${supported}, and a read-only store cannot migrate it: open it once without readOnly (a copy on writable media will do) to migrate it, then audit that`,
    );
  }
}
