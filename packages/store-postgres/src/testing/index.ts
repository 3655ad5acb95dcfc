export { BEFORE_HASH_CHAIN, legacyStore } from "./legacy-store.js";
export {
  type StartTestPostgresOptions,
  startTestPostgres,
  type TestDatabase,
  type TestPostgres,
} from "./start-postgres.js";
