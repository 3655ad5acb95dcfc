export type { PostgresConnection } from "./connection.js";
export type { PostgresDriverOptions } from "./database.js";
export {
  MIGRATIONS,
  type MigrateOptions,
  type MigrateResult,
  type Migration,
  type MigrationSchema,
  type MigrationWork,
  migrate,
} from "./migrations.js";
export { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from "./open-postgres-store.js";
export { PostgresDriver } from "./postgres-driver.js";
export { PostgresPersonKeyStore } from "./postgres-person-key-store.js";
export { PostgresProjectionStore, type PostgresProjectionStoreOptions } from "./postgres-projection-store.js";
export { PostgresTablesDriver } from "./postgres-tables-driver.js";
export { DEFAULT_SCHEMA } from "./schema-name.js";
