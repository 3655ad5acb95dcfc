import { packageProject } from "../../vitest.shared.js";

export default packageProject("store-postgres", {
  // One PostgreSQL for the project: embedded and throwaway, or DATABASE_URL's. Each file makes its own database.
  globalSetup: ["./src/testing/global-setup.ts"],
  // Read-all waits for every older transaction in the cluster, including other files' appends:
  // files run one after another so one file's open transaction cannot hold back another's reads.
  fileParallelism: false,
  testTimeout: 30_000,
  hookTimeout: 60_000,
});
