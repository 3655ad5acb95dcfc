import { openEventStore, type StoreOver } from "@iop/core/adapter-kit";
import type { PostgresDriverOptions } from "./database.js";
import { PostgresDriver } from "./postgres-driver.js";

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions extends PostgresDriverOptions {
  /**
   * The clock the core stamps `recordedAt` with (the hash covers it, so the store stamps it, not
   * the database); tests pass a fixed one. Default: this machine's clock.
   */
  readonly clock?: () => Date;
}

/** The event store on PostgreSQL, with its projection store and tables; `driver` has the pool and schema. */
export type PostgresStore = StoreOver<PostgresDriver>;

/**
 * Opens the event store on PostgreSQL: connects and migrates the schema (unless `migrate: false`),
 * so a wrong address, database or password fails here rather than at the first append.
 * @throws {InvalidStoreInputError} on field `schema` for a schema name that is not allowed.
 * @throws {StoreUnavailableError} when the server cannot be reached (or has no free connection).
 * @throws {StoreOpenError} with reason `not-found` (no such database), `access-denied` (bad
 *   credentials, missing privileges) or `misconfigured`.
 * @throws {StoreReadOnlyError} when migrating a read-only database (open it with `migrate: false`).
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const { clock, ...driverOptions } = options;
  return openEventStore(new PostgresDriver(driverOptions), clock === undefined ? {} : { clock });
}
