import type { TestProject } from "vitest/node";
import { POSTGRES_URL_KEY } from "./provided-context.js";
import { startTestPostgres } from "./start-postgres.js";

/**
 * A vitest `globalSetup`: starts one test server for the project (or uses `DATABASE_URL`),
 * provides its URL to the test files (see {@link useTestDatabase}) and stops it afterwards.
 *
 * In a package's `vitest.config.ts`:
 * `packageProject("name", { globalSetup: ["../store-postgres/src/testing/global-setup.ts"] })`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  project.provide(POSTGRES_URL_KEY, server.url);
  return () => server.stop();
}
