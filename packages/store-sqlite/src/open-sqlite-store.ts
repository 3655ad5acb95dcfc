import { openEventStore, type StoreOver } from "@iop/core/adapter-kit";
import { SqliteDriver } from "./sqlite-driver.js";
import type { SqliteStoreOptions } from "./sqlite-store-options.js";

/** An event store on SQLite, with its projection store, its projection tables and the driver underneath. */
export type SqliteStore = StoreOver<SqliteDriver>;

/**
 * Opens the SQLite event store at `options.path` (default `./iop.db`): created and migrated when
 * missing (unless `create: false`), or, with `readOnly: true`, an existing file for audit. See
 * {@link SqliteStoreOptions} for every option and its default.
 * @throws {InvalidStoreInputError} for an option that is wrong.
 * @throws {StoreOpenError} when the path names a missing folder or file (`not-found`), a folder
 *   or a file that is no event store (`not-a-store`), or one this process may not use
 *   (`access-denied`).
 * @throws {StoreReadOnlyError} when a writable store lies on read-only media.
 * @throws {StoreUnavailableError} when another connection holds the lock past the busy timeout.
 * @throws {UnsupportedSchemaVersionError} when the file's schema is newer than this package's, or
 *   older and the store is read-only (it cannot migrate).
 * @throws {CorruptEventError} when a file written before the hash chain holds an event that
 *   cannot be sealed into it (its data or metadata is not JSON); the file is left unchanged.
 */
export async function openSqliteStore(options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  const driver = new SqliteDriver(options);
  return openEventStore(driver, options.clock === undefined ? {} : { clock: options.clock });
}
