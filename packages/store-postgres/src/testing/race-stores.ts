import { randomUUID } from "node:crypto";
import type { NewEvent } from "@iop/core";
import { sampleEvents } from "@iop/store-testkit";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { openPostgresStore, type PostgresStore } from "../open-postgres-store.js";
import type { TestDatabase } from "./start-postgres.js";
import { useTestDatabase } from "./test-database.js";

/**
 * For a test file that races writers on one database: a database of its own (`name`), stores
 * in fresh schemas (`<prefix>_<n>`) and raw clients, all closed after the file's tests.
 */
export function useRaceStores(name: string, prefix: string) {
  let database: TestDatabase;
  const stores: PostgresStore[] = [];
  const clients: pg.Client[] = [];
  let schemas = 0;
  beforeAll(async () => {
    database = await useTestDatabase(name);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await Promise.all(stores.map((s) => s.close()));
    await database?.drop();
  });
  return {
    /** A store in a schema no other test uses. */
    async freshStore(): Promise<PostgresStore> {
      const store = await openPostgresStore({ connection: database.url, schema: `${prefix}_${++schemas}` });
      stores.push(store);
      return store;
    },
    /** A raw client on the database, for transactions held open. */
    async client(): Promise<pg.Client> {
      const c = new pg.Client({ connectionString: database.url });
      await c.connect();
      clients.push(c);
      return c;
    },
  };
}

/** `count` sample events, each with an id of its own. */
export function events(count: number): NewEvent[] {
  return sampleEvents(count).map((e) => ({ ...e, eventId: randomUUID() }));
}
