import { InvalidStoreInputError } from "@iop/core";
import { sampleEvents } from "@iop/store-testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS, migrate } from "./migrations.js";
import { openPostgresStore } from "./open-postgres-store.js";
import { PostgresDriver } from "./postgres-driver.js";
import { preparedEvents } from "./testing/prepared-events.js";
import type { TestDatabase } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

let database: TestDatabase;
let pool: pg.Pool;
const latest = Math.max(...MIGRATIONS.map((m) => m.version));
const allVersions = MIGRATIONS.map((m) => m.version);

beforeAll(async () => {
  database = await useTestDatabase("migrations");
  pool = new pg.Pool({ connectionString: database.url, max: 12 });
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

async function recorded(schema: string): Promise<number[]> {
  const { rows } = await pool.query<{ version: number }>(
    `SELECT version FROM "${schema}".schema_migrations ORDER BY version`,
  );
  return rows.map((r) => r.version);
}

describe("migrations", () => {
  it("are numbered uniquely and in ascending order", () => {
    expect(allVersions).toEqual([...new Set(allVersions)].sort((a, b) => a - b));
  });

  it("apply once: a second run changes nothing", async () => {
    const first = await migrate(pool, { schema: "twice" });
    expect(first).toEqual({ applied: allVersions, version: latest });
    const second = await migrate(pool, { schema: "twice" });
    expect(second).toEqual({ applied: [], version: latest });
    expect(await recorded("twice")).toEqual(allVersions);
  });

  it("are safe to run concurrently from many connections", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => migrate(pool, { schema: "racing" })));
    expect(results.flatMap((r) => r.applied).sort((a, b) => a - b)).toEqual(allVersions);
    expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1);
    expect(results.every((r) => r.version === latest)).toBe(true);
    expect(await recorded("racing")).toEqual(allVersions);
  });

  it("are safe when many stores start at once on a new schema", async () => {
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => openPostgresStore({ connection: database.url, schema: "many_starts" })),
    );
    const results = await Promise.all(
      stores.map((s, i) => s.append(`agreement-${i}`, sampleEvents(1), { expectedVersion: "no-stream" })),
    );
    expect(results.map((r) => r.streamVersion)).toEqual([1, 1, 1, 1]);
    expect(await recorded("many_starts")).toEqual(allVersions);
    await Promise.all(stores.map((s) => s.close()));
  });

  it("finish a partly migrated schema", async () => {
    // A schema at version 1 (say, deployed before projections existed) gets only what it lacks.
    const client = await pool.connect();
    try {
      await client.query(`CREATE SCHEMA partial`);
      await client.query(
        `CREATE TABLE partial.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const first = MIGRATIONS[0];
      if (first === undefined) throw new Error("no migrations");
      await client.query(first.sql({ quoted: `"partial"`, name: "partial" }));
      await client.query(`INSERT INTO partial.schema_migrations (version, name) VALUES ($1, $2)`, [
        first.version,
        first.name,
      ]);
    } finally {
      client.release();
    }
    const result = await migrate(pool, { schema: "partial" });
    expect(result.applied).toEqual(allVersions.slice(1));
    expect(await recorded("partial")).toEqual(allVersions);
  });

  it("leave append_events() (version 1) working for adapters of earlier releases", async () => {
    const store = await openPostgresStore({ connection: database.url, schema: "earlier_release" });
    await store.append("agreement-1", sampleEvents(1), { expectedVersion: "no-stream" });
    // What an adapter of an earlier release sends: json[] arrays, one round trip.
    const events = preparedEvents(sampleEvents(2));
    const { rows } = await pool.query(
      `SELECT o_appended, o_version, o_position FROM earlier_release.append_events($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        "agreement-1",
        "1",
        events.map((e) => e.eventId),
        events.map((e) => e.type),
        events.map((e) => e.schemaVersion),
        events.map((e) => e.dataJson),
        events.map((e) => e.metadataJson),
        null,
      ],
    );
    expect(rows).toEqual([{ o_appended: true, o_version: "3", o_position: "3" }]);
    expect((await store.readStream("agreement-1")).map((e) => e.eventId)).toEqual(
      expect.arrayContaining(events.map((e) => e.eventId)),
    );
    expect(await store.append("agreement-1", sampleEvents(1), { expectedVersion: 3 })).toMatchObject({
      streamVersion: 4,
    });
    await store.close();
  });

  it("keep schemas apart", async () => {
    const a = await openPostgresStore({ connection: database.url, schema: "tenant_a" });
    const b = await openPostgresStore({ connection: database.url, schema: "tenant_b" });
    await a.append("agreement-1", sampleEvents(2), { expectedVersion: "no-stream" });
    expect(await b.readStream("agreement-1")).toEqual([]);
    expect(await b.readAll()).toEqual([]);
    await b.append("agreement-1", sampleEvents(1), { expectedVersion: "no-stream" });
    expect(await a.readStream("agreement-1")).toHaveLength(2);
    await Promise.all([a.close(), b.close()]);
  });

  it("refuse a schema name that would need quoting, before touching the database", async () => {
    for (const schema of ["", "Upper", "x; DROP SCHEMA public", 'a"b', "1abc", "a".repeat(64)]) {
      await expect(migrate(pool, { schema })).rejects.toBeInstanceOf(InvalidStoreInputError);
      expect(() => new PostgresDriver({ connection: database.url, schema })).toThrow(InvalidStoreInputError);
      await expect(openPostgresStore({ connection: database.url, schema })).rejects.toMatchObject({
        code: "INVALID_STORE_INPUT",
        field: "schema",
      });
    }
  });

  it("with automatic migration off, a store uses the schema as it is until driver.migrate()", async () => {
    const store = await openPostgresStore({
      connection: database.url,
      schema: "not_migrated",
      migrate: false,
    });
    const error = await store.readAll().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "STORE_DRIVER_FAILED", cause: { code: "42P01" } }); // undefined_table
    const { rows } = await pool.query("SELECT to_regnamespace('not_migrated') AS schema");
    expect(rows).toEqual([{ schema: null }]);
    expect(await store.driver.migrate()).toEqual({ applied: allVersions, version: latest });
    expect(await store.readAll()).toEqual([]);
    await store.close();
  });
});
