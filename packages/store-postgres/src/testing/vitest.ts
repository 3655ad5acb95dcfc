export { POSTGRES_URL_KEY } from "./provided-context.js";
export type { TestDatabase } from "./start-postgres.js";
export { useTestDatabase } from "./test-database.js";
