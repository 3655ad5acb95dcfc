/** The key under which the vitest global setup provides the test server's URL to test files. */
export const POSTGRES_URL_KEY = "iopPostgresUrl";

declare module "vitest" {
  export interface ProvidedContext {
    /** Connection string of the test PostgreSQL server's maintenance database. */
    iopPostgresUrl: string;
  }
}
