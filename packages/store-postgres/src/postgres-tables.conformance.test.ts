import type { ProjectionTables } from "@iop/core";
import { describeProjectionTablesConformance } from "@iop/store-testkit";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { openPostgresStore, type PostgresStore } from "./open-postgres-store.js";
import type { TestDatabase } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await useTestDatabase("tables_conformance");
});
afterAll(async () => {
  await database?.drop();
});

function tablesOf(store: PostgresStore): ProjectionTables {
  if (store.tables === undefined) throw new Error("the PostgreSQL store has no tables");
  return store.tables;
}

describeProjectionTablesConformance("PostgreSQL", async () => {
  const schema = "tables_conformance";
  // Two stores, two pools: `second` reads what another process would.
  const store = await openPostgresStore({ connection: database.url, schema });
  const other = await openPostgresStore({ connection: database.url, schema });
  return {
    tables: tablesOf(store),
    second: tablesOf(other),
    dispose: async () => {
      await Promise.all([store.close(), other.close()]);
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
    },
  };
});
