/**
 * The one list of test projects: one per package. `vitest.config.ts` hands it to vitest's
 * `test.projects` (recent vitest no longer reads this file by itself).
 */
export default [
  "packages/core",
  "packages/store-memory",
  "packages/store-sqlite",
  "packages/store-postgres",
  "packages/store-eventstoredb",
  "packages/rules",
  "packages/projections",
  "packages/fixtures",
  "packages/cli",
  "examples/*",
  "bench",
  "fuzz",
];
