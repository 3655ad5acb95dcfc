import { InvalidStoreInputError } from "@iop/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "./migrations.js";
import { openPostgresStore } from "./open-postgres-store.js";
import { PostgresDriver } from "./postgres-driver.js";
import { PostgresProjectionStore } from "./postgres-projection-store.js";
import { quoteSchema } from "./schema-name.js";
import type { TestDatabase } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

let database: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  database = await useTestDatabase("schema_name");
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

const RESERVED = ["pg_catalog", "pg_temp", "pg_toast", "pg_xyz", "information_schema"];

describe("schema names PostgreSQL reserves", () => {
  it.each(RESERVED)("%s is refused on field schema, before touching the database", async (schema) => {
    const before = await pool.query("SELECT count(*)::int AS n FROM pg_class");
    expect(() => quoteSchema(schema)).toThrow(/reserved by PostgreSQL/);
    const opened = await openPostgresStore({ connection: database.url, schema }).catch((e: unknown) => e);
    expect(opened).toBeInstanceOf(InvalidStoreInputError);
    expect(opened).toMatchObject({ field: "schema" });
    expect(() => new PostgresDriver({ connection: database.url, schema })).toThrow(InvalidStoreInputError);
    expect(() => new PostgresProjectionStore({ connection: database.url, schema })).toThrow(
      InvalidStoreInputError,
    );
    await expect(migrate(pool, { schema })).rejects.toMatchObject({
      code: "INVALID_STORE_INPUT",
      field: "schema",
    });
    // Nothing was created: no relation anywhere (pg_catalog and information_schema exist already).
    const after = await pool.query("SELECT count(*)::int AS n FROM pg_class");
    expect(after.rows).toEqual(before.rows);
    const { rows } = await pool.query("SELECT to_regnamespace($1) IS NOT NULL AS exists", [schema]);
    expect(rows[0]?.exists).toBe(
      schema === "pg_catalog" || schema === "pg_toast" || schema === "information_schema",
    );
  });

  it("names that only resemble them are fine", async () => {
    for (const schema of ["pg", "pgx_events", "information", "iop_pg_"])
      expect(quoteSchema(schema)).toBe(`"${schema}"`);
    const store = await openPostgresStore({ connection: database.url, schema: "pgx_events" });
    expect(await store.readAll()).toEqual([]);
    await store.close();
  });
});
