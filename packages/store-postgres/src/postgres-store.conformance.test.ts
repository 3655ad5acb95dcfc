import type { EventStore } from "@iop/core";
import { describeEventStoreConformance, describeProjectionStoreConformance } from "@iop/store-testkit";
import { afterAll, beforeAll } from "vitest";
import { PostgresEventStore } from "./postgres-event-store.js";
import { PostgresProjectionStore } from "./postgres-projection-store.js";
import type { TestDatabase } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await useTestDatabase("conformance");
});
afterAll(async () => {
  await database?.drop();
});

let schemas = 0;

describeEventStoreConformance("PostgresEventStore", async () => {
  // A fresh schema per suite; every client is its own pool, so writers really race.
  const schema = `conformance_${++schemas}`;
  const open = () => PostgresEventStore.connect({ connection: database.url, schema });
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
      await Promise.all(others.map((o) => o.close()));
      await store.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await store.close();
    },
  };
});

describeProjectionStoreConformance("PostgresProjectionStore", async () => {
  const schema = `conformance_${++schemas}`;
  const store = new PostgresProjectionStore({ connection: database.url, schema });
  return {
    store,
    dispose: async () => {
      await store.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await store.close();
    },
  };
});
