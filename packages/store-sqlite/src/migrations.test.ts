import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { CorruptEventError, eventHash, GENESIS_HASH, StoreDriverError, type StoredEvent } from "@iop/core";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UnsupportedSchemaVersionError } from "./errors.js";
import { MIGRATIONS, migrate, recordedSchemaVersion, SCHEMA_VERSION } from "./migrations.js";
import { openSqliteStore } from "./open-sqlite-store.js";
import {
  migrateTo,
  PRE_CHAIN_ROWS,
  PRE_CHAIN_SCHEMA,
  type PreChainRow,
  writePreChainStore,
} from "./test-workers/pre-chain-store.js";
import { tempDatabase } from "./test-workers/temp-db.js";

type MigrationRow = { version: number; name: string; applied_at: string };

function inspect(path: string): { userVersion: number; rows: MigrationRow[]; tables: string[] } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      userVersion: db.pragma("user_version", { simple: true }) as number,
      rows: db
        .prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
        .all() as MigrationRow[],
      tables: (
        db
          .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
          .pluck()
          .all() as string[]
      ).filter((name) => !name.startsWith("sqlite_")),
    };
  } finally {
    db.close();
  }
}

/** Fails unless each event's hash is its envelope's, chained from the genesis hash. */
function expectChained(events: readonly StoredEvent[]): void {
  let previousHash = GENESIS_HASH;
  for (const event of events) {
    expect(event.previousHash).toBe(previousHash);
    expect(event.hash).toBe(eventHash(event, previousHash));
    previousHash = event.hash;
  }
}

/** The stored hashes of every row, in global order. */
function hashesOf(path: string): { previous_hash: string; hash: string }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT previous_hash, hash FROM events ORDER BY global_position").all() as {
      previous_hash: string;
      hash: string;
    }[];
  } finally {
    db.close();
  }
}

describe("migrations", () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  beforeEach(async () => {
    temp = await tempDatabase();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it("are numbered 1, 2, 3… with the schema version the last", () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.at(-1)?.version);
  });

  it("keep the released steps byte for byte", () => {
    // SHA-256 of each step's SQL as released: files in the field ran exactly this.
    const released = [
      "df0f85fe8324b101f6b20300ed6eb8caf62a76aacc0cdee0fea3bb5dacdb6206",
      "c125b3646605880a7e1011fe11b3e032a9b240ad62cbc35cb8b56020ebe0e119",
      "9ab4f6d68eaab59a60bd68ff85698f9cc04b4557412fbc4fd096ecec7460df05",
      "3cb860f75271a03fcf8974889aef54316a10854ae732263b36b590bb666952ff",
    ];
    const sqlHashes = MIGRATIONS.map((m) => createHash("sha256").update(m.sql).digest("hex"));
    expect(sqlHashes.slice(0, released.length)).toEqual(released);
    expect(MIGRATIONS.slice(0, 3).map((m) => [m.name, m.run])).toEqual([
      ["events", undefined],
      ["projections", undefined],
      ["unique event ids", undefined],
    ]);
  });

  it("create the schema on open and record each step", async () => {
    const store = await openSqliteStore({
      path: temp.path,
      clock: () => new Date("2025-01-02T03:04:05.000Z"),
    });
    await store.close();
    const { userVersion, rows, tables } = inspect(temp.path);
    expect(userVersion).toBe(SCHEMA_VERSION);
    expect(rows).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, name: m.name, applied_at: "2025-01-02T03:04:05.000Z" })),
    );
    expect(tables).toEqual([
      "events",
      "person_keys",
      "projection_states",
      "projection_table_owners",
      "projection_tables",
      "projections",
      "schema_migrations",
    ]);
  });

  it("seal a schema-3 file's events into the hash chain, stream by stream, once", async () => {
    writePreChainStore(temp.path, PRE_CHAIN_ROWS);
    const store = await openSqliteStore({
      path: temp.path,
      clock: () => new Date("2025-06-01T00:00:00.000Z"),
    });
    expect(store.driver.migration).toEqual({ from: 3, to: SCHEMA_VERSION, applied: [4, 5, 6], sealed: 5 });
    const husby = await store.readStream("agreement-husby-konst-2022");
    const rinkeby = await store.readStream("agreement-rinkeby-kista-2022");
    expect(husby.map((e) => e.type)).toEqual(["Applied", "Granted", "PeriodReported"]);
    expect(rinkeby.map((e) => e.type)).toEqual(["Applied", "Granted"]);
    expectChained(husby);
    expectChained(rinkeby);
    // The envelope is as stored: sealing adds hashes and changes nothing else.
    const byId = new Map(PRE_CHAIN_ROWS.map((row) => [row.eventId, row]));
    for (const event of [...husby, ...rinkeby]) {
      const row = byId.get(event.eventId) as PreChainRow;
      expect(event).toMatchObject({
        streamId: row.streamId,
        streamVersion: row.streamVersion,
        type: row.type,
        schemaVersion: row.schemaVersion,
        data: JSON.parse(row.data),
        metadata: JSON.parse(row.metadata),
        recordedAt: row.recordedAt,
      });
    }
    const raw = store.driver.database
      .prepare("SELECT data FROM events ORDER BY global_position")
      .pluck()
      .all();
    expect(raw).toEqual(PRE_CHAIN_ROWS.map((row) => row.data));
    // A new event chains onto the sealed head.
    const appended = await store.append(
      "agreement-husby-konst-2022",
      [{ type: "PeriodReported", schemaVersion: 2, data: { participants: 240 } }],
      { expectedVersion: 3 },
    );
    expect(appended.events?.[0]?.previousHash).toBe(husby[2]?.hash);
    await store.close();
    const { rows, userVersion } = inspect(temp.path);
    expect(userVersion).toBe(SCHEMA_VERSION);
    expect(rows.slice(3)).toEqual([
      { version: 4, name: "hash chain", applied_at: "2025-06-01T00:00:00.000Z" },
      { version: 5, name: "person keys", applied_at: "2025-06-01T00:00:00.000Z" },
      { version: 6, name: "projection tables", applied_at: "2025-06-01T00:00:00.000Z" },
    ]);

    const before = hashesOf(temp.path);
    const again = await openSqliteStore({ path: temp.path });
    expect(again.driver.migration).toEqual({
      from: SCHEMA_VERSION,
      to: SCHEMA_VERSION,
      applied: [],
      sealed: 0,
    });
    expectChained(await again.readStream("agreement-husby-konst-2022"));
    await again.close();
    expect(hashesOf(temp.path)).toEqual(before);
  });

  it("seal streams that span pages of the walk, each chained on its own", async () => {
    // 1 005 rows: the walk's first page (1 000 rows) ends inside the second stream.
    const rowsOf = (streamId: string, count: number, from: number): PreChainRow[] =>
      Array.from({ length: count }, (_, i) => ({
        streamId,
        streamVersion: i + 1,
        eventId: `0190f0c2-2b00-7000-8000-${String(from + i).padStart(12, "0")}`,
        type: i === 0 ? "Applied" : "PeriodReported",
        schemaVersion: 1,
        data: `{"n":${i},"kronor":${1000 + i}}`,
        metadata: "{}",
        recordedAt: new Date(Date.UTC(2022, 0, 1, 0, 0, i)).toISOString(),
      }));
    writePreChainStore(temp.path, [...rowsOf("agreement-a", 998, 0), ...rowsOf("agreement-b", 7, 998)]);
    const store = await openSqliteStore({ path: temp.path });
    expect(store.driver.migration).toMatchObject({ applied: [4, 5, 6], sealed: 1005 });
    const a = await store.readStream("agreement-a");
    const b = await store.readStream("agreement-b");
    expect([a.length, b.length]).toEqual([998, 7]);
    expectChained(a);
    expectChained(b);
    await store.close();
  });

  it("leave a schema-3 file unchanged when an event cannot be sealed, naming it", async () => {
    writePreChainStore(temp.path, [
      ...PRE_CHAIN_ROWS.slice(0, 2),
      { ...(PRE_CHAIN_ROWS[2] as PreChainRow), data: '{"grantedKronor":' },
    ]);
    const error = await openSqliteStore({ path: temp.path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptEventError);
    expect(error).toMatchObject({
      streamId: "agreement-husby-konst-2022",
      streamVersion: 2,
      globalPosition: 3,
      field: "data",
    });
    const { rows, userVersion } = inspect(temp.path);
    expect(userVersion).toBe(PRE_CHAIN_SCHEMA);
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3]);
    const db = new Database(temp.path, { readonly: true });
    const columns = db.prepare("SELECT name FROM pragma_table_info('events')").pluck().all();
    db.close();
    expect(columns).not.toContain("hash");
  });

  it("are idempotent: reopening applies nothing and keeps data and records", async () => {
    const first = await openSqliteStore({ path: temp.path });
    await first.append("kept", [{ type: "X", schemaVersion: 1, data: {} }], { expectedVersion: "no-stream" });
    await first.close();
    const before = inspect(temp.path);
    for (let i = 0; i < 3; i++) {
      const again = await openSqliteStore({ path: temp.path, clock: () => new Date("2030-01-01") });
      expect(again.driver.migration).toEqual({
        from: SCHEMA_VERSION,
        to: SCHEMA_VERSION,
        applied: [],
        sealed: 0,
      });
      expect(await again.readStream("kept")).toHaveLength(1);
      await again.close();
    }
    expect(inspect(temp.path)).toEqual(before);
    const db = new Database(temp.path);
    expect(migrate(db)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION, applied: [], sealed: 0 });
    expect(recordedSchemaVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it("apply only the missing steps to an older file", async () => {
    // A file as the first release left it: only step 1.
    const db = new Database(temp.path);
    migrateTo(db, 1);
    db.prepare(
      `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at)
       VALUES ('old', 1, 'e', 'Old', 1, '{"a":1}', '{}', '2020-01-01T00:00:00.000Z')`,
    ).run();
    const result = migrate(db, () => new Date("2025-06-01T00:00:00.000Z"));
    expect(result).toEqual({
      from: 1,
      to: SCHEMA_VERSION,
      applied: MIGRATIONS.slice(1).map((m) => m.version),
      sealed: 1,
    });
    db.close();
    const { rows, userVersion } = inspect(temp.path);
    expect(userVersion).toBe(SCHEMA_VERSION);
    expect(rows[0]).toEqual({ version: 1, name: "events", applied_at: "2020-01-01T00:00:00.000Z" });
    expect(rows.slice(1).every((r) => r.applied_at === "2025-06-01T00:00:00.000Z")).toBe(true);
    const store = await openSqliteStore({ path: temp.path });
    const [old] = await store.readStream("old");
    expect(old?.data).toEqual({ a: 1 });
    expectChained(old === undefined ? [] : [old]);
    await store.projections.save({ name: "p", version: 1, checkpoint: 1, state: {} }, null);
    await store.close();
  });

  it("make event ids unique, refusing a file that repeats one and leaving it at version 2", async () => {
    const db = new Database(temp.path);
    migrateTo(db, 2);
    const insert = db.prepare(
      `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at)
       VALUES (?, 1, 'same-id', 'Old', 1, '{}', '{}', '2020-01-01T00:00:00.000Z')`,
    );
    insert.run("a");
    insert.run("b");
    expect(() => migrate(db)).toThrow(/UNIQUE constraint failed: events\.event_id/);
    db.close();
    const error = await openSqliteStore({ path: temp.path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreDriverError);
    expect((error as Error).message).toMatch(/UNIQUE constraint failed: events\.event_id/);
    const { rows, userVersion } = inspect(temp.path);
    expect(userVersion).toBe(2);
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
  });

  it("refuse a file from a newer schema and leave it untouched", async () => {
    const db = new Database(temp.path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const bytes = readFileSync(temp.path);
    const error = await openSqliteStore({ path: temp.path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedSchemaVersionError);
    expect(error).toMatchObject({ found: SCHEMA_VERSION + 1, supported: SCHEMA_VERSION });
    expect(readFileSync(temp.path).equals(bytes)).toBe(true);
    expect(existsSync(`${temp.path}-wal`)).toBe(false);
  });

  it("are never run read-only: a file before the hash chain is refused, saying how to migrate it, and left untouched", async () => {
    writePreChainStore(temp.path, PRE_CHAIN_ROWS);
    const bytes = readFileSync(temp.path);
    const error = await openSqliteStore({ path: temp.path, readOnly: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedSchemaVersionError);
    expect(error).toMatchObject({ found: PRE_CHAIN_SCHEMA, supported: SCHEMA_VERSION });
    expect((error as Error).message).toContain("a read-only store cannot migrate it");
    expect((error as Error).message).toContain("open it once without readOnly");
    expect(readFileSync(temp.path).equals(bytes)).toBe(true);
    expect(inspect(temp.path).userVersion).toBe(PRE_CHAIN_SCHEMA);
  });

  it("refuse a file from a newer schema read-only too", async () => {
    const store = await openSqliteStore({ path: temp.path });
    await store.close();
    const db = new Database(temp.path);
    db.prepare("INSERT INTO schema_migrations VALUES (?, 'future', 'x')").run(SCHEMA_VERSION + 1);
    db.close();
    const error = await openSqliteStore({ path: temp.path, readOnly: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedSchemaVersionError);
    expect(error).toMatchObject({ found: SCHEMA_VERSION + 1 });
    expect((error as Error).message).toContain("open it with a newer @iop/store-sqlite");
  });

  it("refuse a newer schema recorded only in schema_migrations", () => {
    const db = new Database(temp.path);
    db.exec(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    );
    db.prepare("INSERT INTO schema_migrations VALUES (?, 'future', 'x')").run(SCHEMA_VERSION + 5);
    expect(() => migrate(db)).toThrow(UnsupportedSchemaVersionError);
    expect(db.pragma("user_version", { simple: true })).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'events'").get()).toBeUndefined();
    db.close();
  });
});
