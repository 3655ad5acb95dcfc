import { inject } from "vitest";
import { POSTGRES_URL_KEY } from "./provided-context.js";
import { startTestPostgres, type TestDatabase } from "./start-postgres.js";

/**
 * A fresh, empty database for one test file or suite, on the server the global setup started.
 * Without that setup (or `DATABASE_URL`), it starts a server of its own, which `drop()` stops.
 */
export async function useTestDatabase(label?: string): Promise<TestDatabase> {
  const provided = inject(POSTGRES_URL_KEY) as string | undefined;
  const server = await startTestPostgres({ url: provided });
  try {
    const database = await server.createDatabase(label);
    return {
      ...database,
      drop: async () => {
        try {
          await database.drop();
        } finally {
          await server.stop();
        }
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
