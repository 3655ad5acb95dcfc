import { existsSync, readFileSync } from "node:fs";
import { StoreDriverError } from "@iop/core";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UnsupportedSchemaVersionError } from "./errors.js";
import { MIGRATIONS, migrate, recordedSchemaVersion, SCHEMA_VERSION } from "./migrations.js";
import { openSqliteStore } from "./open-sqlite-store.js";
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

/** Brings a new file to `version` by hand, as a release of that schema would have left it. */
function migrateTo(db: Database.Database, version: number): void {
  db.exec(
    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT",
  );
  const record = db.prepare("INSERT INTO schema_migrations VALUES (?, ?, '2020-01-01T00:00:00.000Z')");
  for (const step of MIGRATIONS.slice(0, version)) {
    db.exec(step.sql);
    record.run(step.version, step.name);
  }
  db.pragma(`user_version = ${version}`);
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
    expect(tables).toEqual(["events", "projections", "schema_migrations"]);
  });

  it("are idempotent: reopening applies nothing and keeps data and records", async () => {
    const first = await openSqliteStore({ path: temp.path });
    await first.append("kept", [{ type: "X", schemaVersion: 1, data: {} }], { expectedVersion: "no-stream" });
    await first.close();
    const before = inspect(temp.path);
    for (let i = 0; i < 3; i++) {
      const again = await openSqliteStore({ path: temp.path, clock: () => new Date("2030-01-01") });
      expect(await again.readStream("kept")).toHaveLength(1);
      await again.close();
    }
    expect(inspect(temp.path)).toEqual(before);
    const db = new Database(temp.path);
    expect(migrate(db)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION, applied: [] });
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
    });
    db.close();
    const { rows, userVersion } = inspect(temp.path);
    expect(userVersion).toBe(SCHEMA_VERSION);
    expect(rows[0]).toEqual({ version: 1, name: "events", applied_at: "2020-01-01T00:00:00.000Z" });
    expect(rows.slice(1).every((r) => r.applied_at === "2025-06-01T00:00:00.000Z")).toBe(true);
    const store = await openSqliteStore({ path: temp.path });
    expect((await store.readStream("old"))[0]?.data).toEqual({ a: 1 });
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

  it("are never run read-only: an older file is refused, saying how to migrate it, and left untouched", async () => {
    const db = new Database(temp.path);
    migrateTo(db, SCHEMA_VERSION - 1);
    db.close();
    const bytes = readFileSync(temp.path);
    const error = await openSqliteStore({ path: temp.path, readOnly: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedSchemaVersionError);
    expect(error).toMatchObject({ found: SCHEMA_VERSION - 1, supported: SCHEMA_VERSION });
    expect((error as Error).message).toContain("a read-only store cannot migrate it");
    expect(readFileSync(temp.path).equals(bytes)).toBe(true);
    expect(inspect(temp.path).userVersion).toBe(SCHEMA_VERSION - 1);
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
