export { DEFAULT_PATH, type SqliteConnection, type SqliteStoreOptions } from "./connection.js";
export { UnsupportedSchemaVersionError } from "./errors.js";
export {
  MIGRATIONS,
  type Migration,
  type MigrationResult,
  migrate,
  recordedSchemaVersion,
  SCHEMA_VERSION,
} from "./migrations.js";
export { openSqliteEventStore, SqliteEventStore } from "./sqlite-event-store.js";
export { SqliteProjectionStore } from "./sqlite-projection-store.js";
