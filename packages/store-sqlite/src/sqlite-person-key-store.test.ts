import { existsSync, readFileSync } from "node:fs";
import { StoreReadOnlyError, StoreUnavailableError } from "@iop/core";
import { describePersonKeyStoreConformance } from "@iop/store-testkit";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore, type SqliteStore } from "./open-sqlite-store.js";
import { collectStderr, exited, nextMessage, spawnWorker } from "./test-workers/spawn.js";
import { tempDatabase } from "./test-workers/temp-db.js";

/** Which of the store's files (the database, its -wal and -shm) hold `bytes` anywhere. */
function filesHolding(path: string, bytes: Buffer): string[] {
  return [path, `${path}-wal`, `${path}-shm`].filter(
    (file) => existsSync(file) && readFileSync(file).includes(bytes),
  );
}

/** The file's bytes and what its -wal holds (a reader leaves an empty one), to show nothing changed. */
function snapshot(path: string): { file: string; wal: number } {
  const wal = `${path}-wal`;
  return { file: readFileSync(path).toString("base64"), wal: existsSync(wal) ? readFileSync(wal).length : 0 };
}

const person = (i: number) => `sthlm-p-${i}`;

// Each harness has a file of its own; `connectAnother` opens another connection to it.
describePersonKeyStoreConformance("SQLite", async () => {
  const temp = await tempDatabase();
  const stores: SqliteStore[] = [await openSqliteStore({ path: temp.path })];
  return {
    keys: (stores[0] as SqliteStore).driver.personKeys,
    async connectAnother() {
      const other = await openSqliteStore({ path: temp.path });
      stores.push(other);
      return other.driver.personKeys;
    },
    async dispose() {
      for (const store of stores) await store.close();
      await temp.remove();
    },
  };
});

describe("the SQLite person key store", () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  let store: SqliteStore;
  beforeEach(async () => {
    temp = await tempDatabase();
    store = await openSqliteStore({ path: temp.path, clock: () => new Date("2026-03-01T10:00:00.000Z") });
  });
  afterEach(async () => {
    await store.close();
    await temp.remove();
  });

  it("keeps a key across reopening, its row stamped by the store's clock", async () => {
    const key = await store.driver.personKeys.key(person(1), { create: true });
    await store.close();
    store = await openSqliteStore({ path: temp.path });
    expect(await store.driver.personKeys.key(person(1), { create: false })).toEqual(key);
    const row = store.driver.database.prepare(
      "SELECT created_at, destroyed_at FROM person_keys WHERE person_id = ?",
    );
    expect(row.get(person(1))).toEqual({ created_at: "2026-03-01T10:00:00.000Z", destroyed_at: null });
  });

  it("opens every writable connection with secure_delete on", () => {
    expect(store.driver.database.pragma("secure_delete", { simple: true })).toBe(1);
  });

  it("destroys a key so that its bytes are nowhere in the file, its -wal or -shm; the other keys stay", async () => {
    const keys = store.driver.personKeys;
    // Enough persons to fill several pages, so inserts split pages and move keys about.
    const all = [];
    for (let i = 0; i < 300; i++) all.push(await keys.key(person(i), { create: true }));
    await store.append("agreement-1", [{ type: "Noted", schemaVersion: 1, data: { n: 1 } }], {
      expectedVersion: "no-stream",
    });
    const target = all[150] as Buffer;
    expect(filesHolding(temp.path, target)).not.toEqual([]);

    expect(await keys.destroy(person(150))).toBe(true);
    expect(filesHolding(temp.path, target)).toEqual([]);
    // VACUUM rebuilt the file: the neighbours' keys and the events are still in it.
    for (const i of [0, 149, 151, 299]) expect(await keys.key(person(i), { create: false })).toEqual(all[i]);
    expect(await store.readStream("agreement-1")).toHaveLength(1);

    await store.close();
    expect(filesHolding(temp.path, target)).toEqual([]);
    store = await openSqliteStore({ path: temp.path });
    expect(await store.driver.personKeys.destroyed(person(150))).toBe(true);
    expect(await store.driver.personKeys.key(person(150), { create: true })).toBeUndefined();
    expect(store.driver.database.pragma("integrity_check", { simple: true })).toBe("ok");
    const row = store.driver.database.prepare(
      "SELECT key, destroyed_at FROM person_keys WHERE person_id = ?",
    );
    expect(row.get(person(150))).toEqual({ key: null, destroyed_at: "2026-03-01T10:00:00.000Z" });
  });

  it("leaves no copy of any destroyed key, of many made in random order and destroyed one by one", async () => {
    const keys = store.driver.personKeys;
    // Made out of order, the keys' rows split and move between pages as the table grows: SQLite
    // without secure_delete and VACUUM leaves some destroyed keys behind in this test.
    const ids = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    const made = new Map<number, Buffer>();
    for (const i of ids) made.set(i, (await keys.key(person(i), { create: true })) as Buffer);
    const victims = ids.filter((i) => i % 10 === 3);
    for (const i of victims) expect(await keys.destroy(person(i))).toBe(true);
    expect(victims.filter((i) => filesHolding(temp.path, made.get(i) as Buffer).length > 0)).toEqual([]);
    const survivors = ids.filter((i) => i % 10 !== 3);
    expect(survivors.filter((i) => filesHolding(temp.path, made.get(i) as Buffer).length === 0)).toEqual([]);
  });

  it("read-only: gives existing keys, and refuses to make or destroy one, changing nothing", async () => {
    const key = await store.driver.personKeys.key(person(1), { create: true });
    await store.close();
    const before = snapshot(temp.path);
    store = await openSqliteStore({ path: temp.path, readOnly: true });
    const keys = store.driver.personKeys;
    expect(await keys.key(person(1), { create: false })).toEqual(key);
    expect(await keys.key(person(1), { create: true })).toEqual(key);
    expect(await keys.key(person(2), { create: false })).toBeUndefined();
    for (const refused of [keys.key(person(2), { create: true }), keys.destroy(person(1))]) {
      const error = await refused.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreReadOnlyError);
      expect((error as Error).message).toContain("opened with readOnly: true");
    }
    expect(await keys.destroyed(person(1))).toBe(false);
    await store.close();
    expect(snapshot(temp.path)).toEqual(before);
    store = await openSqliteStore({ path: temp.path });
  });

  it("says the key is destroyed but not yet cleaned while a reader holds an older snapshot; destroy again cleans", async () => {
    await store.close();
    store = await openSqliteStore({ path: temp.path, busyTimeoutMs: 50 });
    const keys = store.driver.personKeys;
    const key = (await keys.key(person(1), { create: true })) as Buffer;
    const reader = new Database(temp.path, { readonly: true });
    try {
      reader.exec("BEGIN");
      reader.prepare("SELECT count(*) FROM person_keys").get();
      const error = await keys.destroy(person(1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toContain("the key is destroyed, but copies of it may remain");
      expect(await keys.key(person(1), { create: false })).toBeUndefined();
      expect(await keys.destroyed(person(1))).toBe(true);
      reader.exec("COMMIT");
    } finally {
      reader.close();
    }
    expect(await keys.destroy(person(1))).toBe(false);
    expect(filesHolding(temp.path, key)).toEqual([]);
  });
});

describe("two processes making the same persons' keys at once", () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  beforeEach(async () => {
    temp = await tempDatabase();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it("get the same key for each person, and the file one row per person", async () => {
    const persons = 200;
    const workers = [0, 1].map(() => {
      const child = spawnWorker("./key-creator.ts", [temp.path, String(persons)]);
      return { child, stderr: collectStderr(child) };
    });
    await Promise.all(
      workers.map((w) => nextMessage(w.child, (m: { type: string }) => m.type === "ready", w.stderr)),
    );
    type Done = { type: "done"; keys: string[] };
    const done = workers.map((w) => nextMessage<Done>(w.child, (m) => m.type === "done", w.stderr));
    for (const w of workers) w.child.send("go");
    const [first, second] = (await Promise.all(done)) as [Done, Done];
    expect(await Promise.all(workers.map((w) => exited(w.child)))).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    expect(first.keys).toHaveLength(persons);
    expect(first.keys.every((k) => /^[0-9a-f]{64}$/.test(k))).toBe(true);
    expect(second.keys).toEqual(first.keys);
    expect(new Set(first.keys).size).toBe(persons);

    const store = await openSqliteStore({ path: temp.path });
    try {
      const stored = store.driver.database
        .prepare("SELECT person_id, hex(key) AS key FROM person_keys")
        .all() as { person_id: string; key: string }[];
      expect(stored).toHaveLength(persons);
      const byPerson = new Map(stored.map((r) => [r.person_id, r.key.toLowerCase()]));
      expect(first.keys.map((_, i) => byPerson.get(person(i)))).toEqual(first.keys);
    } finally {
      await store.close();
    }
  }, 120_000);
});
