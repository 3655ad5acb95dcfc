import { StoreOpenError, StoreReadOnlyError, StoreUnavailableError } from "@iop/core";
import { describePersonKeyStoreConformance } from "@iop/store-testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore, type PostgresStore } from "./open-postgres-store.js";
import type { TestDatabase } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

// The checks on the table's file read it on the server (CHECKPOINT, pg_read_binary_file): the
// test role must be a superuser, as the embedded server's is.
let database: TestDatabase;
let admin: pg.Pool;
const stores: PostgresStore[] = [];
let schemas = 0;

beforeAll(async () => {
  database = await useTestDatabase("person_keys");
  admin = new pg.Pool({ connectionString: database.url, max: 4 });
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await admin?.end();
  await database?.drop();
});

/** A store on `schema` (a fresh one by default), closed after the file. */
async function freshStore(schema = `keys_${++schemas}`): Promise<PostgresStore> {
  const store = await openPostgresStore({ connection: database.url, schema });
  stores.push(store);
  return store;
}

const person = (i: number) => `sthlm-p-${i}`;

/** Whether the table's file on the server holds `key` anywhere: in a live row, a dead one, free space. */
async function fileHolds(store: PostgresStore, key: Buffer): Promise<boolean> {
  await admin.query("CHECKPOINT");
  const { rows } = await admin.query<{ at: number }>(
    "SELECT position($1::bytea IN pg_read_binary_file(pg_relation_filepath($2::regclass))) AS at",
    [key, `"${store.driver.schema}".person_keys`],
  );
  return (rows[0]?.at ?? 0) > 0;
}

/** Every column of every row of the table, as text (bytea in hex). */
async function rowsAsText(store: PostgresStore): Promise<string[]> {
  const { rows } = await admin.query<{ row: string }>(
    `SELECT t::text AS row FROM "${store.driver.schema}".person_keys t`,
  );
  return rows.map((r) => r.row);
}

// Each harness is a schema of its own; `connectAnother` opens another pool on it. The stores
// are closed, and the database dropped, after the file.
describePersonKeyStoreConformance("PostgreSQL", async () => {
  const store = await freshStore();
  return {
    keys: store.driver.personKeys,
    connectAnother: async () => (await freshStore(store.driver.schema)).driver.personKeys,
    dispose: async () => {},
  };
});

describe("the PostgreSQL person key store", () => {
  it("destroys a key: no row, live or dead, holds it, nor the table's file; the other keys stay", async () => {
    const store = await freshStore();
    const keys = store.driver.personKeys;
    const made: Buffer[] = [];
    for (let i = 0; i < 300; i++) made.push((await keys.key(person(i), { create: true })) as Buffer);
    const target = made[150] as Buffer;
    expect(await fileHolds(store, target)).toBe(true);
    expect((await rowsAsText(store)).some((row) => row.includes(target.toString("hex")))).toBe(true);

    expect(await keys.destroy(person(150))).toBe(true);
    expect((await rowsAsText(store)).filter((row) => row.includes(target.toString("hex")))).toEqual([]);
    expect(await fileHolds(store, target)).toBe(false);
    // VACUUM (FULL) rewrote the table: the neighbours' keys are still in it.
    for (const i of [0, 149, 151, 299]) {
      expect(await keys.key(person(i), { create: false })).toEqual(made[i]);
      expect(await fileHolds(store, made[i] as Buffer)).toBe(true);
    }
    const { rows } = await admin.query(
      `SELECT key, destroyed_at IS NOT NULL AS destroyed FROM "${store.driver.schema}".person_keys WHERE person_id = $1`,
      [person(150)],
    );
    expect(rows).toEqual([{ key: null, destroyed: true }]);
  });

  it("leaves no copy of any destroyed key, of many destroyed one by one", async () => {
    const store = await freshStore();
    const keys = store.driver.personKeys;
    const ids = Array.from({ length: 200 }, (_, i) => (i * 7919) % 200);
    const made = new Map<number, Buffer>();
    for (const i of ids) made.set(i, (await keys.key(person(i), { create: true })) as Buffer);
    const victims = ids.filter((i) => i % 10 === 3);
    for (const i of victims) expect(await keys.destroy(person(i))).toBe(true);
    const left = [];
    for (const i of victims) if (await fileHolds(store, made.get(i) as Buffer)) left.push(i);
    expect(left).toEqual([]);
  });

  it("leaves no copy of the key whose row was the last on a full page (its new version goes elsewhere)", async () => {
    const store = await freshStore();
    const keys = store.driver.personKeys;
    const made = new Map<string, Buffer>();
    for (let i = 0; i < 300; i++)
      made.set(person(i), (await keys.key(person(i), { create: true })) as Buffer);
    // The row at the lowest address of the first page, which the page has no room to update in place.
    const { rows } = await admin.query<{ person_id: string }>(
      `SELECT person_id FROM "${store.driver.schema}".person_keys
        WHERE (ctid::text::point)[0] = 0 ORDER BY (ctid::text::point)[1] DESC LIMIT 1`,
    );
    const victim = rows[0]?.person_id as string;
    expect(await keys.destroy(victim)).toBe(true);
    expect(await fileHolds(store, made.get(victim) as Buffer)).toBe(false);
  });

  it("keeps the old row version while a transaction older than the erasure runs; destroy again then cleans", async () => {
    const store = await freshStore();
    const keys = store.driver.personKeys;
    const key = (await keys.key(person(1), { create: true })) as Buffer;
    const old = await admin.connect();
    try {
      // A snapshot from before the erasure, taken on another table: it holds no lock on the keys.
      await old.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
      await old.query(`SELECT count(*) FROM "${store.driver.schema}".schema_migrations`);
      expect(await keys.destroy(person(1))).toBe(true);
      expect(await keys.key(person(1), { create: false })).toBeUndefined();
      expect(await fileHolds(store, key)).toBe(true);
      await old.query("COMMIT");
    } finally {
      old.release(true);
    }
    expect(await keys.destroy(person(1))).toBe(false);
    expect(await fileHolds(store, key)).toBe(false);
  });

  it("says the key is destroyed but not cleaned when a transaction holds the table; destroy again cleans", async () => {
    const store = await freshStore();
    const keys = store.driver.personKeys;
    const key = (await keys.key(person(1), { create: true })) as Buffer;
    const reader = await admin.connect();
    try {
      await reader.query("BEGIN");
      await reader.query(`SELECT count(*) FROM "${store.driver.schema}".person_keys`);
      const error = await keys.destroy(person(1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toContain("55P03");
      expect((error as Error).message).toContain("the key is destroyed, but its old row version may remain");
      expect(await keys.key(person(1), { create: false })).toBeUndefined();
      expect(await keys.destroyed(person(1))).toBe(true);
      await reader.query("COMMIT");
    } finally {
      reader.release(true);
    }
    expect(await keys.destroy(person(1))).toBe(false);
    expect(await fileHolds(store, key)).toBe(false);
  }, 60_000);

  it("says so when its role may not rewrite the table, and the owner's destroy then cleans", async () => {
    const owner = await freshStore();
    const schema = owner.driver.schema;
    const role = `keys_app_${database.name}`.slice(0, 63);
    await admin.query(`CREATE ROLE "${role}" LOGIN PASSWORD 'app'`);
    try {
      await admin.query(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
      await admin.query(`GRANT SELECT, INSERT, UPDATE ON "${schema}".person_keys TO "${role}"`);
      const url = new URL(database.url);
      url.username = role;
      url.password = "app";
      const app = await openPostgresStore({ connection: url.toString(), schema, migrate: false });
      try {
        const key = (await app.driver.personKeys.key(person(1), { create: true })) as Buffer;
        const error = await app.driver.personKeys.destroy(person(1)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreOpenError);
        expect(error).toMatchObject({ reason: "access-denied" });
        expect((error as Error).message).toContain("needs its owner, or the MAINTAIN privilege");
        expect((error as Error).message).toContain("the key is destroyed");
        expect(await app.driver.personKeys.destroyed(person(1))).toBe(true);
        expect(await fileHolds(owner, key)).toBe(true);
        expect(await owner.driver.personKeys.destroy(person(1))).toBe(false);
        expect(await fileHolds(owner, key)).toBe(false);
      } finally {
        await app.close();
      }
    } finally {
      await admin.query(`DROP OWNED BY "${role}"`);
      await admin.query(`DROP ROLE "${role}"`);
    }
  });
});

describe("the person key store on a read-only database", () => {
  let readOnly: TestDatabase;
  beforeAll(async () => {
    readOnly = await useTestDatabase("person_keys_ro");
  });
  afterAll(async () => {
    await readOnly?.drop();
  });

  it("reads keys, and refuses to make or destroy one with StoreReadOnlyError", async () => {
    const writer = await openPostgresStore({ connection: readOnly.url });
    const key = await writer.driver.personKeys.key(person(1), { create: true });
    await writer.close();
    await admin.query(`ALTER DATABASE "${readOnly.name}" SET default_transaction_read_only = on`);
    const reader = await openPostgresStore({ connection: readOnly.url, migrate: false });
    try {
      const keys = reader.driver.personKeys;
      expect(await keys.key(person(1), { create: false })).toEqual(key);
      expect(await keys.key(person(1), { create: true })).toEqual(key);
      for (const refused of [keys.key(person(2), { create: true }), keys.destroy(person(1))]) {
        const error = await refused.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreReadOnlyError);
        expect(error).toMatchObject({ cause: expect.objectContaining({ code: "25006" }) });
      }
      expect(await keys.destroyed(person(1))).toBe(false);
      expect(await keys.key(person(2), { create: false })).toBeUndefined();
    } finally {
      await reader.close();
      await admin.query(`ALTER DATABASE "${readOnly.name}" RESET default_transaction_read_only`);
    }
  });
});
