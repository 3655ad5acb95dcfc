import type { EventStore } from "@iop/core";
import { describeEventStoreConformance, describeProjectionStoreConformance } from "@iop/store-testkit";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { openPostgresStore } from "./open-postgres-store.js";
import { PostgresProjectionStore } from "./postgres-projection-store.js";
import type { TestDatabase } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

let database: TestDatabase;
/** The harnesses' own connection, for what they do behind the stores' backs. */
let admin: pg.Pool;
beforeAll(async () => {
  database = await useTestDatabase("conformance");
  admin = new pg.Pool({ connectionString: database.url, max: 2 });
});
afterAll(async () => {
  await admin?.end();
  await database?.drop();
});

let schemas = 0;

describeEventStoreConformance("PostgreSQL", async () => {
  // A fresh schema per suite; every client is its own pool, so writers really race.
  const schema = `conformance_${++schemas}`;
  const open = () => openPostgresStore({ connection: database.url, schema });
  const store = await open();
  const others: EventStore[] = [];
  return {
    store,
    connectAnother: async () => {
      const other = await open();
      others.push(other);
      return other;
    },
    dispose: async () => {
      await Promise.all([store, ...others].map((s) => s.close()));
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
    },
    async corruptEvent(streamId, streamVersion) {
      // `data` is a json column: PostgreSQL refuses to store broken JSON text such as `{"broken`
      // in it. Valid JSON that is no event's data (a string) is what a hand edit can leave.
      const { rowCount } = await admin.query(
        `UPDATE "${schema}".events e SET data = '"broken"'
           FROM "${schema}".streams st
          WHERE st.stream_no = e.stream_no AND st.stream_id = $1 AND e.stream_version = $2`,
        [streamId, streamVersion],
      );
      if (rowCount !== 1) throw new Error(`no row ${streamId}@${streamVersion}`);
    },
  };
});

describeProjectionStoreConformance("PostgresProjectionStore", async () => {
  const schema = `conformance_${++schemas}`;
  const store = new PostgresProjectionStore({ connection: database.url, schema });
  return {
    store,
    dispose: async () => {
      await store.close();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
});
