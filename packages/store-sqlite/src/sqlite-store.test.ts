import {
  ConcurrencyError,
  eventHash,
  GENESIS_HASH,
  InvalidStoreInputError,
  type NewEvent,
  StoreClosedError,
  StoreDriverError,
  StoreUnavailableError,
} from "@iop/core";
import { propertyRuns, readEverything } from "@iop/store-testkit";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore, type SqliteStore } from "./open-sqlite-store.js";
import { tempDatabase } from "./test-workers/temp-db.js";

const event = (n: number, metadata?: NewEvent["metadata"]): NewEvent => ({
  type: "PeriodReported",
  schemaVersion: 1,
  data: { n, text: "Husby åäö 🎨" },
  ...(metadata === undefined ? {} : { metadata }),
});
const events = (count: number, from = 0): NewEvent[] =>
  Array.from({ length: count }, (_, i) => event(from + i));

describe("the SQLite store", () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  let store: SqliteStore;

  beforeEach(async () => {
    temp = await tempDatabase();
    store = await openSqliteStore({ path: temp.path, synchronous: "normal" });
  });
  afterEach(async () => {
    await store.close();
    await temp.remove();
  });

  it("numbers versions from 1 and positions strictly increasing, across streams", async () => {
    const a1 = await store.append("a", events(3), { expectedVersion: "no-stream" });
    const b1 = await store.append("b", events(2), { expectedVersion: 0 });
    const a2 = await store.append("a", events(1), { expectedVersion: 3 });
    expect(a1.streamVersion).toBe(3);
    expect(b1.streamVersion).toBe(2);
    expect(a2.streamVersion).toBe(4);
    expect(a1.globalPosition).toBeLessThan(b1.globalPosition);
    expect(b1.globalPosition).toBeLessThan(a2.globalPosition);
    const a = await store.readStream("a");
    expect(a.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
    expect(a.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 0]);
    expect(a.at(-1)?.globalPosition).toBe(a2.globalPosition);
    const all = await store.readAll();
    expect(all.map((e) => e.streamId)).toEqual(["a", "a", "a", "b", "b", "a"]);
    const positions = all.map((e) => e.globalPosition);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(new Set(positions).size).toBe(positions.length);
  });

  it("returns the envelope: ids, type, schema version, data, metadata, recordedAt and hashes", async () => {
    const id = "0b0e7a3c-6a2f-4b7e-9d55-3c1f8f3e2a10";
    await store.append(
      "env",
      [
        {
          eventId: id,
          type: "Applied",
          schemaVersion: 3,
          data: { x: [1, null] },
          metadata: { actor: "Åsa" },
        },
      ],
      { expectedVersion: "any" },
    );
    const [stored] = await store.readStream("env");
    expect(stored).toEqual({
      eventId: id,
      streamId: "env",
      streamVersion: 1,
      globalPosition: expect.any(Number),
      type: "Applied",
      schemaVersion: 3,
      data: { x: [1, null] },
      metadata: { actor: "Åsa" },
      recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      previousHash: GENESIS_HASH,
      hash: expect.any(String),
    });
    expect(stored?.hash).toBe(eventHash(stored as NonNullable<typeof stored>, GENESIS_HASH));
  });

  it("stamps recordedAt with the clock option, in UTC", async () => {
    const clocked = await openSqliteStore({
      path: ":memory:",
      clock: () => new Date("2024-05-01T12:34:56.789+02:00"),
    });
    await clocked.append("c", events(2), { expectedVersion: "no-stream" });
    expect((await clocked.readStream("c")).map((e) => e.recordedAt)).toEqual([
      "2024-05-01T10:34:56.789Z",
      "2024-05-01T10:34:56.789Z",
    ]);
    await clocked.close();
  });

  it("generates distinct time-ordered UUIDs (version 7) when events have none", async () => {
    await store.append("ids", events(5), { expectedVersion: "no-stream" });
    const ids = (await store.readStream("ids")).map((e) => e.eventId);
    expect(new Set(ids).size).toBe(5);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("checks every expected-version mode and reports the actual version", async () => {
    await expect(store.append("v", events(1), { expectedVersion: "stream-exists" })).rejects.toMatchObject({
      constructor: ConcurrencyError,
      actual: 0,
    });
    await store.append("v", events(2), { expectedVersion: "no-stream" });
    await expect(store.append("v", events(1), { expectedVersion: "no-stream" })).rejects.toMatchObject({
      actual: 2,
      expected: "no-stream",
    });
    await expect(store.append("v", events(1), { expectedVersion: 1 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    await expect(store.append("v", events(1), { expectedVersion: 3 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    await store.append("v", events(1), { expectedVersion: "stream-exists" });
    await store.append("v", events(1), { expectedVersion: "any" });
    expect((await store.readStream("v")).map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
  });

  it("refuses bad input with InvalidStoreInputError before touching the database", async () => {
    await expect(
      store.append("x", [{ type: "", schemaVersion: 1, data: {} }], { expectedVersion: "any" }),
    ).rejects.toBeInstanceOf(InvalidStoreInputError);
    await expect(store.append("x", events(1), undefined as never)).rejects.toBeInstanceOf(
      InvalidStoreInputError,
    );
    await expect(store.readStream("$all")).rejects.toBeInstanceOf(InvalidStoreInputError);
    await expect(store.readAll({ limit: 1.5 })).rejects.toBeInstanceOf(InvalidStoreInputError);
    expect(await readEverything(store)).toEqual([]);
  });

  it("reads an unknown stream as []", async () => {
    expect(await store.readStream("nobody")).toEqual([]);
    expect(await store.readStream("nobody", { direction: "backwards" })).toEqual([]);
  });

  it("matches a list model for every read option (property)", async () => {
    await store.append("p", events(7), { expectedVersion: "no-stream" });
    await store.append("q", events(3), { expectedVersion: "no-stream" });
    await store.append("p", events(5, 7), { expectedVersion: 7 });
    const model = (await store.readStream("p")).map((e) => e.streamVersion);
    const all = await store.readAll();
    expect(model).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(all).toHaveLength(15);
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
        fc.constantFrom("forwards" as const, "backwards" as const),
        async (fromVersion, limit, direction) => {
          const read = await store.readStream("p", {
            direction,
            ...(fromVersion === undefined ? {} : { fromVersion }),
            ...(limit === undefined ? {} : { limit }),
          });
          const max = limit ?? Number.POSITIVE_INFINITY;
          const expected =
            direction === "forwards"
              ? model.filter((v) => v >= (fromVersion ?? 1)).slice(0, max)
              : model
                  .filter((v) => v <= (fromVersion ?? 12))
                  .reverse()
                  .slice(0, max);
          expect(read.map((e) => e.streamVersion)).toEqual(expected);
        },
      ),
      { numRuns: propertyRuns(150) },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 20 }),
        fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
        async (after, limit) => {
          const read = await store.readAll({ after, ...(limit === undefined ? {} : { limit }) });
          const expected = all.filter((e) => e.globalPosition > after).slice(0, limit ?? all.length);
          expect(read).toEqual(expected);
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });

  it("returns fresh objects: mutating a read does not change history", async () => {
    await store.append("m", [event(1, { actor: "a" })], { expectedVersion: "no-stream" });
    const [first] = await store.readStream("m");
    (first?.data as { n: number }).n = 99;
    (first?.metadata as { actor: string }).actor = "b";
    const [again] = await store.readStream("m");
    expect(again?.data).toEqual({ n: 1, text: "Husby åäö 🎨" });
    expect(again?.metadata).toEqual({ actor: "a" });
  });

  it("appends large batches (several multi-row inserts) in order, all or nothing", async () => {
    // 64 + 64 + 64 + 8 + 4 + 2 + 1 rows: every chunk size once, some twice.
    const batch = events(207);
    const result = await store.append("big", batch, { expectedVersion: "no-stream" });
    const read = await store.readStream("big");
    expect(read.map((e) => e.streamVersion)).toEqual(batch.map((_, i) => i + 1));
    expect(read.map((e) => (e.data as { n: number }).n)).toEqual(batch.map((_, i) => i));
    const positions = read.map((e) => e.globalPosition);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(result).toMatchObject({ streamVersion: 207, globalPosition: positions.at(-1) });
    // Positions across chunks: each of the 207 where a read finds it.
    expect(result.events?.map((e) => e.globalPosition)).toEqual(positions);
    expect((await store.append("big", events(65), { expectedVersion: 207 })).streamVersion).toBe(272);

    // A batch whose last chunk fails leaves none of its earlier chunks behind.
    const raw = new Database(temp.path);
    raw.exec(`
      CREATE TRIGGER refuse_late_row BEFORE INSERT ON events
      WHEN NEW.stream_id = 'half' AND NEW.stream_version = 100
      BEGIN SELECT RAISE(ABORT, 'refused'); END;
    `);
    raw.close();
    const refused = await store.append("half", events(100), { expectedVersion: "no-stream" }).catch((e) => e);
    expect(refused).toBeInstanceOf(StoreDriverError);
    expect(refused.message).toMatch(/refused/);
    expect(await store.readStream("half")).toEqual([]);
  });

  it("keeps events across reopening the file", async () => {
    await store.append("keep", events(3), { expectedVersion: "no-stream" });
    await store.close();
    store = await openSqliteStore({ path: temp.path });
    expect((await store.readStream("keep")).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expect((await store.append("keep", events(1), { expectedVersion: 3 })).streamVersion).toBe(4);
  });

  it("sees another connection's commits at once", async () => {
    const other = await openSqliteStore({ path: temp.path });
    await other.append("shared", events(2), { expectedVersion: "no-stream" });
    expect(await store.readStream("shared")).toHaveLength(2);
    await expect(store.append("shared", events(1), { expectedVersion: 0 })).rejects.toMatchObject({
      actual: 2,
    });
    await other.close();
  });

  it("reports a version-index violation on a stream that did not move as SQLite's error, and writes nothing", async () => {
    // A trigger plays the other writer: it claims version 2 just before the batch inserts it.
    const raw = new Database(temp.path);
    raw.exec(`
      CREATE TRIGGER steal_version BEFORE INSERT ON events
      WHEN NEW.stream_id = 'stolen' AND NEW.stream_version = 2
      BEGIN
        INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at)
        VALUES ('stolen', 2, 'x', 'Other', 1, '{}', '{}', '2020-01-01T00:00:00.000Z');
      END;
    `);
    raw.close();
    const error = await store.append("stolen", events(3), { expectedVersion: "no-stream" }).catch((e) => e);
    // The trigger's row rolled back with the batch: the stream is still new, so no conflict.
    expect(error).toBeInstanceOf(StoreDriverError);
    expect((error as Error).message).toContain(
      "UNIQUE constraint failed: events.stream_id, events.stream_version",
    );
    expect(await store.readStream("stolen")).toEqual([]);
    expect(await store.readAll()).toEqual([]);
  });

  it("fails with StoreUnavailableError when another writer holds the lock past the busy timeout", async () => {
    const impatient = await openSqliteStore({ path: temp.path, busyTimeoutMs: 0 });
    const raw = new Database(temp.path);
    raw.exec("BEGIN IMMEDIATE");
    await expect(impatient.append("locked", events(1), { expectedVersion: "any" })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    // Readers are not blocked by the writer (WAL).
    expect(await impatient.readStream("locked")).toEqual([]);
    raw.exec("ROLLBACK");
    raw.close();
    expect((await impatient.append("locked", events(1), { expectedVersion: "any" })).streamVersion).toBe(1);
    await impatient.close();
  });

  it("uses WAL and the chosen synchronous level", async () => {
    const full = await openSqliteStore({ path: temp.path });
    const db = full.driver.database;
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(2);
    expect(store.driver.database.pragma("synchronous", { simple: true })).toBe(1);
    await full.close();
  });

  it("hands the core data and metadata as the JSON text stored, and the hashes, parsing nothing", async () => {
    await store.append("text", [event(1, { actor: "Åsa" })], { expectedVersion: "no-stream" });
    const raw = new Database(temp.path, { readonly: true });
    const stored = raw
      .prepare(
        "SELECT data, metadata, previous_hash AS previousHash, hash FROM events WHERE stream_id = 'text'",
      )
      .get();
    raw.close();
    const [row] = await store.driver.readStream({
      streamId: "text",
      direction: "forwards",
      fromVersion: 1,
      limit: 1,
    });
    expect(stored).toEqual({
      data: '{"n":1,"text":"Husby åäö 🎨"}',
      metadata: '{"actor":"Åsa"}',
      previousHash: GENESIS_HASH,
      hash: (await store.readStream("text"))[0]?.hash,
    });
    expect(row).toMatchObject(stored as object);
    expect((await store.driver.readAll({ after: 0, limit: 1 }))[0]).toEqual(row);
  });

  it("backs up through the driver's connection, to a file that opens as a store", async () => {
    await store.append("saved", events(3), { expectedVersion: "no-stream" });
    const copy = `${temp.dir}/backup.db`;
    await store.driver.database.backup(copy);
    const restored = await openSqliteStore({ path: copy, readOnly: true });
    expect(await readEverything(restored)).toEqual(await readEverything(store));
    await restored.close();
  });

  it("works in memory", async () => {
    const memory = await openSqliteStore({ path: ":memory:" });
    await memory.append("mem", events(2), { expectedVersion: "no-stream" });
    expect(await memory.readAll()).toHaveLength(2);
    await memory.close();
  });

  it("throws StoreClosedError from every method after close, and close is idempotent", async () => {
    const projections = store.projections;
    await store.close();
    await store.close();
    await expect(store.append("a", events(1), { expectedVersion: "any" })).rejects.toBeInstanceOf(
      StoreClosedError,
    );
    await expect(store.readStream("a")).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreClosedError);
    expect(() => store.projections).toThrow(StoreClosedError);
    expect(() => store.driver.database).toThrow(StoreClosedError);
    await expect(projections.load("p")).rejects.toBeInstanceOf(StoreClosedError);
    await expect(
      projections.save({ name: "p", version: 1, checkpoint: 0, state: {} }, null),
    ).rejects.toBeInstanceOf(StoreClosedError);
    await expect(projections.delete("p")).rejects.toBeInstanceOf(StoreClosedError);
  });
});
