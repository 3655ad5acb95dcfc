export { UnsupportedSchemaVersionError } from "./errors.js";
export {
  MIGRATIONS,
  type Migration,
  type MigrationEffect,
  type MigrationResult,
  migrate,
  recordedSchemaVersion,
  SCHEMA_VERSION,
} from "./migrations.js";
export { openSqliteStore, type SqliteStore } from "./open-sqlite-store.js";
export { SqliteDriver } from "./sqlite-driver.js";
export { SqlitePersonKeyStore } from "./sqlite-person-key-store.js";
export { SqliteProjectionStore } from "./sqlite-projection-store.js";
export { DEFAULT_PATH, type SqliteStoreOptions } from "./sqlite-store-options.js";
export { SqliteTablesDriver } from "./sqlite-tables-driver.js";
