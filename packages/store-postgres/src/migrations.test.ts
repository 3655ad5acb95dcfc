import { createHash } from "node:crypto";
import { eventHash, GENESIS_HASH, InvalidStoreInputError, type StoredEvent } from "@iop/core";
import { sampleEvents } from "@iop/store-testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS, migrate } from "./migrations.js";
import { openPostgresStore } from "./open-postgres-store.js";
import { PostgresDriver } from "./postgres-driver.js";
import { SEAL_PAGE_SIZE } from "./seal-stored-events.js";
import { BEFORE_HASH_CHAIN, legacyStore } from "./testing/legacy-store.js";
import { preparedEvents } from "./testing/prepared-events.js";
import type { TestDatabase } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

let database: TestDatabase;
let pool: pg.Pool;
const latest = Math.max(...MIGRATIONS.map((m) => m.version));
const allVersions = MIGRATIONS.map((m) => m.version);
/** What a store written before the hash chain is given: the chain's step and every one after it. */
const fromTheChainOn = allVersions.filter((v) => v > BEFORE_HASH_CHAIN);

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

  it("keep the released steps byte for byte", () => {
    // SHA-256 of each step's SQL for the schema "iop", as released: databases in the field ran it.
    const released = [
      "7f4155e024fc993e6d3e8630c5a3e99594ded2c90bb198fd03a7f0e7b18007e8",
      "ef53923b27055ef8f519a2504b175d7f988bf2cae4bbc0eb88651314616c6fcf",
      "9128c434f4b23bfe057535c3c0ff75230288fe595d91a8572e1754c7011fbb1f",
      "7fda5b84b1acc655778ac5a8b6a3a197ef5ba9ef697327b70126772d76df7346",
      "8c9b562c6fcde0e974e30dfcc9c822b954d083e764bc084679c3cf55cfac42d9",
    ];
    const hashes = MIGRATIONS.map((m) =>
      createHash("sha256")
        .update(m.sql({ quoted: '"iop"', name: "iop" }))
        .digest("hex"),
    );
    expect(hashes.slice(0, released.length)).toEqual(released);
  });

  it("apply once: a second run changes nothing", async () => {
    const first = await migrate(pool, { schema: "twice" });
    expect(first).toEqual({ applied: allVersions, version: latest, sealed: 0 });
    const second = await migrate(pool, { schema: "twice" });
    expect(second).toEqual({ applied: [], version: latest, sealed: 0 });
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

  it("refuse appends through the functions of earlier releases, which cannot seal events", async () => {
    const store = await openPostgresStore({ connection: database.url, schema: "earlier_release" });
    await store.append("agreement-1", sampleEvents(1), { expectedVersion: "no-stream" });
    const events = preparedEvents(sampleEvents(2));
    const ids = events.map((e) => e.eventId);
    const types = events.map((e) => e.type);
    const schemaVersions = events.map((e) => e.schemaVersion);
    // What adapters of earlier releases send: append_events() with json[] arrays, then
    // append_events_v2() with JSON arrays, and no hashes either way.
    await expect(
      pool.query(`SELECT * FROM earlier_release.append_events($1, $2, $3, $4, $5, $6, $7, $8)`, [
        "agreement-1",
        "1",
        ids,
        types,
        schemaVersions,
        events.map((e) => e.dataJson),
        events.map((e) => e.metadataJson),
        null,
      ]),
    ).rejects.toMatchObject({ code: "23502", column: "previous_hash" }); // not_null_violation
    await expect(
      pool.query(`SELECT * FROM earlier_release.append_events_v2($1, $2, $3, $4, $5, $6, $7, $8)`, [
        "agreement-1",
        "1",
        ids,
        types,
        schemaVersions,
        `[${events.map((e) => e.dataJson).join(",")}]`,
        `[${events.map((e) => e.metadataJson).join(",")}]`,
        null,
      ]),
    ).rejects.toMatchObject({ code: "23502", column: "previous_hash" });
    // Nothing of either was kept, and the chain goes on from the one sealed event.
    const [first] = await store.readStream("agreement-1");
    expect(await store.readStream("agreement-1")).toHaveLength(1);
    await store.append("agreement-1", sampleEvents(1), { expectedVersion: 1 });
    expect((await store.readStream("agreement-1"))[1]?.previousHash).toBe(first?.hash);
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
    expect(store.driver.migration).toBeUndefined();
    expect(await store.driver.migrate()).toEqual({ applied: allVersions, version: latest, sealed: 0 });
    expect(store.driver.migration).toEqual({ applied: allVersions, version: latest, sealed: 0 });
    expect(await store.readAll()).toEqual([]);
    await store.close();
  });
});

/** Checks that every stream's events chain from the genesis hash and that each hash is its envelope's. */
function expectChained(stream: readonly StoredEvent[]): void {
  stream.forEach((event, i) => {
    expect(event.previousHash).toBe(i === 0 ? GENESIS_HASH : stream[i - 1]?.hash);
    expect(event.hash).toBe(eventHash(event, event.previousHash));
  });
}

/** Every stored event's id, record time (as reads format it) and data, straight from the table. */
async function storedValues(schema: string): Promise<Map<string, { recordedAt: string; data: unknown }>> {
  const { rows } = await pool.query<{ event_id: string; recorded_at: string; data: unknown }>(
    `SELECT event_id, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at, data
       FROM "${schema}".events`,
  );
  return new Map(rows.map((r) => [r.event_id, { recordedAt: r.recorded_at, data: r.data }]));
}

describe("the hash chain migration on a store written before the chain", () => {
  const streams = ["husby-konst-2022", "husby-konst-2023", "husby-konst-reports"];
  const reports = SEAL_PAGE_SIZE * 2 + 150; // three pages, page breaks inside a stream

  it("seals every stored event, stream by stream, a page at a time, and says how many", async () => {
    const client = await pool.connect();
    let count: number;
    let largest = 0;
    let result: Awaited<ReturnType<typeof migrate>>;
    const query = client.query;
    try {
      count = await legacyStore(client, "legacy", reports);
      const before = await storedValues("legacy");
      // Watch every result the migration reads: none may hold more than a page.
      client.query = (async (...args: Parameters<typeof query>) => {
        const answer = (await (query as (...a: unknown[]) => Promise<pg.QueryResult>).apply(client, args)) as
          | pg.QueryResult
          | undefined;
        largest = Math.max(largest, answer?.rows?.length ?? 0);
        return answer;
      }) as typeof query;
      result = await migrate(client, { schema: "legacy" });
      client.query = query;

      expect(result).toEqual({ applied: fromTheChainOn, version: latest, sealed: count });
      expect(count).toBeGreaterThan(2 * SEAL_PAGE_SIZE);
      expect(largest).toBeLessThanOrEqual(SEAL_PAGE_SIZE);
      // Sealing changed no stored value.
      expect(await storedValues("legacy")).toEqual(before);
    } finally {
      client.query = query;
      client.release();
    }

    const store = await openPostgresStore({ connection: database.url, schema: "legacy" });
    let read = 0;
    for (const streamId of streams) {
      const stream = await store.readStream(streamId);
      expect(stream.map((e) => e.streamVersion)).toEqual(stream.map((_, i) => i + 1));
      expectChained(stream);
      read += stream.length;
    }
    expect(read).toBe(count);
    const all = await store.readAll({ limit: count + 1 });
    expect(all).toHaveLength(count);
    expect(new Set(all.map((e) => e.hash)).size).toBe(count);

    // Appends go on where the sealed chain ends.
    const head = (await store.readStream("husby-konst-2022")).at(-1) as StoredEvent;
    await store.append("husby-konst-2022", sampleEvents(1), { expectedVersion: head.streamVersion });
    const after = await store.readStream("husby-konst-2022");
    expect(after.at(-1)?.previousHash).toBe(head.hash);
    expectChained(after);
    await store.close();
  });

  it("runs when a store opens, and the driver tells what it did", async () => {
    const client = await pool.connect();
    let count: number;
    try {
      count = await legacyStore(client, "legacy_opened", 10);
    } finally {
      client.release();
    }
    const store = await openPostgresStore({ connection: database.url, schema: "legacy_opened" });
    expect(store.driver.migration).toEqual({
      applied: fromTheChainOn,
      version: latest,
      sealed: count,
    });
    for (const streamId of streams) expectChained(await store.readStream(streamId));
    await store.close();

    const again = await openPostgresStore({ connection: database.url, schema: "legacy_opened" });
    expect(again.driver.migration).toEqual({ applied: [], version: latest, sealed: 0 });
    await again.close();
  });

  it("makes both columns required, so no event is stored outside the chain", async () => {
    const { rows } = await pool.query(
      `SELECT column_name, is_nullable FROM information_schema.columns
        WHERE table_schema = 'legacy_opened' AND table_name = 'events' AND column_name IN ('previous_hash', 'hash')
        ORDER BY column_name`,
    );
    expect(rows).toEqual([
      { column_name: "hash", is_nullable: "NO" },
      { column_name: "previous_hash", is_nullable: "NO" },
    ]);
  });
});
