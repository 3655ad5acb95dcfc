export type { PostgresConnection } from "./connection.js";
export type { PostgresStoreOptions } from "./database.js";
export {
  MIGRATIONS,
  type MigrateOptions,
  type MigrateResult,
  type Migration,
  migrate,
} from "./migrations.js";
export { PostgresEventStore, type PostgresEventStoreOptions } from "./postgres-event-store.js";
export { PostgresProjectionStore, type PostgresProjectionStoreOptions } from "./postgres-projection-store.js";
export { DEFAULT_SCHEMA } from "./schema-name.js";
export { isConnectionError } from "./store-errors.js";
