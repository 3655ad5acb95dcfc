export {
  type StartTestPostgresOptions,
  startTestPostgres,
  type TestDatabase,
  type TestPostgres,
} from "./start-postgres.js";
