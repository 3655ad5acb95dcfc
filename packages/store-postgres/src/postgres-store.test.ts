import { randomUUID } from "node:crypto";
import {
  ConcurrencyError,
  canonicalJson,
  eventHash,
  GENESIS_HASH,
  type Json,
  type NewEvent,
  StoreClosedError,
  type StoredEvent,
} from "@iop/core";
import { propertyRuns, sampleEvent, sampleEvents } from "@iop/store-testkit";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore, type PostgresStore } from "./open-postgres-store.js";
import type { TestDatabase } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

let database: TestDatabase;
const stores: PostgresStore[] = [];
let schemas = 0;

beforeAll(async () => {
  database = await useTestDatabase("event_store");
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await database?.drop();
});

async function freshStore(options: { clock?: () => Date; connection?: pg.Pool; schema?: string } = {}) {
  const store = await openPostgresStore({
    connection: options.connection ?? database.url,
    schema: options.schema ?? `store_${++schemas}`,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  stores.push(store);
  return store;
}

describe("openPostgresStore", () => {
  it("stamps recordedAt with the clock it is given, in UTC", async () => {
    const store = await freshStore({ clock: () => new Date("2023-03-15T09:30:00.123+01:00") });
    await store.append("agreement-clock", sampleEvents(2), { expectedVersion: "no-stream" });
    const events = await store.readStream("agreement-clock");
    expect(events.map((e) => e.recordedAt)).toEqual(["2023-03-15T08:30:00.123Z", "2023-03-15T08:30:00.123Z"]);
  });

  it("keeps each event's record time and hashes as sealed: an import keeps its original times", async () => {
    const times = ["2019-05-06T22:00:00.001Z", "2020-01-31T23:59:59.999Z", "2022-03-24T19:40:00.250Z"];
    let appends = 0;
    const source = await freshStore({ clock: () => new Date(times[appends] as string) });
    for (; appends < times.length; appends++)
      await source.append("agreement-import", sampleEvents(2, appends * 2), {
        expectedVersion: appends === 0 ? "no-stream" : appends * 2,
      });
    const recorded = await source.readStream("agreement-import");
    expect(recorded.map((e) => e.recordedAt)).toEqual(times.flatMap((t) => [t, t]));

    const copy = await freshStore();
    const { events } = await copy.appendRecorded("agreement-import", recorded);
    const copied = await copy.readStream("agreement-import");
    const withoutPosition = ({ globalPosition: _, ...rest }: StoredEvent) => rest;
    expect(copied.map(withoutPosition)).toEqual(recorded.map(withoutPosition));
    // What append returned is what reads give.
    expect(events).toEqual(
      copied.map((e) => ({
        eventId: e.eventId,
        globalPosition: e.globalPosition,
        recordedAt: e.recordedAt,
        previousHash: e.previousHash,
        hash: e.hash,
      })),
    );
  });

  it("sends one statement per append", async () => {
    const pool = new pg.Pool({ connectionString: database.url });
    const store = await freshStore({ connection: pool });
    const sent: string[] = [];
    const query = pool.query.bind(pool);
    pool.query = ((config: unknown, ...rest: unknown[]) => {
      sent.push(typeof config === "string" ? config : String((config as { text: string }).text));
      return (query as (...args: unknown[]) => unknown)(config, ...rest);
    }) as typeof pool.query;
    await store.append("agreement-one-trip", sampleEvents(25), { expectedVersion: "no-stream" });
    expect(await store.append("agreement-one-trip", sampleEvents(1), { expectedVersion: 25 })).toMatchObject({
      streamVersion: 26,
    });
    // Another writer moves the stream on: the server's check in the same one statement finds it.
    const other = await freshStore({ schema: store.driver.schema });
    await other.append("agreement-one-trip", sampleEvents(1), { expectedVersion: 26 });
    const conflict = await store
      .append("agreement-one-trip", sampleEvents(1), { expectedVersion: 26 })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConcurrencyError);
    expect(conflict).toMatchObject({ expected: 26, actual: 27 });
    expect(sent).toHaveLength(3);
    expect(sent.every((text) => text.includes("append_events_v3("))).toBe(true);
    await store.close();
    // A pool passed in belongs to the caller: close() leaves it usable.
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await pool.end();
  });

  it("keeps 1000-character stream ids in any script (the key is a hash, not the id)", async () => {
    const store = await freshStore();
    const ids = [
      "漢".repeat(1000),
      `${"🎨".repeat(499)}x-`,
      Array.from({ length: 1000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join(""),
    ];
    for (const id of ids) {
      await store.append(id, sampleEvents(2), { expectedVersion: "no-stream" });
      await store.append(id, sampleEvents(1), { expectedVersion: 2 });
      const events = await store.readStream(id);
      expect(events.map((e) => [e.streamId, e.streamVersion])).toEqual([
        [id, 1],
        [id, 2],
        [id, 3],
      ]);
    }
    expect((await store.readAll()).map((e) => e.streamId)).toEqual(ids.flatMap((id) => [id, id, id]));
  });

  it("fast-check: any JSON object reads back as JSON.parse(JSON.stringify(it)), stored as canonical text", async () => {
    const store = await freshStore();
    const json = fc.jsonValue({ stringUnit: "grapheme", maxDepth: 3 });
    // Through JSON once, as the port requires: -0 (which JSON writes as 0) is refused, not stored.
    const data = fc
      .dictionary(fc.string({ unit: "grapheme", maxLength: 8 }), json, { maxKeys: 6 })
      .map((d) => JSON.parse(JSON.stringify(d)) as Record<string, Json>);
    await fc.assert(
      fc.asyncProperty(data, data, async (payload, metadata) => {
        fc.pre(!JSON.stringify([payload, metadata]).includes("\\u0000"));
        const id = `agreement-json-${randomUUID()}`;
        await store.append(id, [{ type: "Anything", schemaVersion: 3, data: payload, metadata }], {
          expectedVersion: "no-stream",
        });
        const [stored] = await store.readStream(id);
        expect(stored?.data).toEqual(JSON.parse(JSON.stringify(payload)));
        expect(stored?.metadata).toEqual(JSON.parse(JSON.stringify(metadata)));
        // The json column keeps the canonical text the core wrote, and hashed.
        const { rows } = await store.driver.pool.query(
          `SELECT data::text AS data, metadata::text AS metadata FROM "${store.driver.schema}".events WHERE event_id = $1`,
          [stored?.eventId],
        );
        expect(rows).toEqual([{ data: canonicalJson(payload), metadata: canonicalJson(metadata) }]);
        expect(stored?.hash).toBe(eventHash(stored as StoredEvent, GENESIS_HASH));
      }),
      { numRuns: propertyRuns(60) },
    );
  });

  it("reports a version collision it did not foresee as a conflict with the real version", async () => {
    const store = await freshStore();
    await store.append("agreement-hand-made", sampleEvents(2), { expectedVersion: "no-stream" });
    // Someone writes version 3 by hand, past the streams table that append_events_v3() keeps.
    await store.driver.pool.query(
      `INSERT INTO "${store.driver.schema}".events
         (position, stream_no, stream_version, event_id, type, schema_version, data, metadata, recorded_at,
          previous_hash, hash)
       SELECT nextval('"${store.driver.schema}".event_position'), stream_no, 3, $1, 'X', 1, '{}', '{}', now(),
              repeat('0', 64), repeat('0', 64)
         FROM "${store.driver.schema}".streams WHERE stream_id = 'agreement-hand-made'`,
      [randomUUID()],
    );
    const error = await store
      .append("agreement-hand-made", sampleEvents(4), { expectedVersion: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: "agreement-hand-made", expected: 2, actual: 3 });
    expect((await store.readStream("agreement-hand-made")).map((e) => e.type)).toEqual([
      "PeriodReported",
      "PeriodReported",
      "X",
    ]);
  });

  it("under concurrent writers, positions follow transaction ids and, within a stream, versions", async () => {
    const store = await freshStore();
    const writers = await Promise.all(
      Array.from({ length: 8 }, () =>
        openPostgresStore({ connection: database.url, schema: store.driver.schema }),
      ),
    );
    stores.push(...writers);
    // Shared streams make writers wait on each other's row locks between steps of an append.
    await Promise.all(
      writers.map(async (writer, w) => {
        for (let i = 0; i < 60; i++) {
          const stream = i % 2 === 0 ? `agreement-shared-${(i / 2) % 2}` : `agreement-w${w}-${i}`;
          await writer.append(stream, [sampleEvent(i), sampleEvent(i + 1)], { expectedVersion: "any" });
        }
      }),
    );
    const { rows } = await store.driver.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${store.driver.schema}".events a
         JOIN "${store.driver.schema}".events b ON a.transaction_id < b.transaction_id AND a.position > b.position`,
    );
    expect(rows[0]?.n).toBe(0);
    // ...and within a stream, a higher version always has a higher position.
    const inStream = await store.driver.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${store.driver.schema}".events a
         JOIN "${store.driver.schema}".events b
           ON a.stream_no = b.stream_no AND a.stream_version < b.stream_version AND a.position > b.position`,
    );
    expect(inStream.rows[0]?.n).toBe(0);
    const all = await store.readAll();
    expect(all).toHaveLength(8 * 60 * 2);
    for (const shared of ["agreement-shared-0", "agreement-shared-1"]) {
      const versions = (await store.readStream(shared)).map((e) => e.streamVersion);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    }
  });

  it("keeps projections beside the events, on its pool and schema, and closes them with the store", async () => {
    const store = await freshStore();
    const projections = store.driver.projections;
    expect(store.projections).toBe(projections);
    await store.projections.save({ name: "summary", version: 1, checkpoint: 1, state: { n: 1 } }, null);
    const { rows } = await store.driver.pool.query(`SELECT name FROM "${store.driver.schema}".projections`);
    expect(rows).toEqual([{ name: "summary" }]);
    await projections.close(); // the store's own: closing it is the store's job, so this does nothing
    expect(await projections.load("summary")).toMatchObject({ checkpoint: 1 });
    await store.close();
    await expect(projections.load("summary")).rejects.toBeInstanceOf(StoreClosedError);
  });

  it("closes idempotently and refuses use afterwards", async () => {
    const store = await freshStore();
    await store.close();
    await store.close();
    await expect(store.readStream("agreement-x")).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.driver.migrate()).rejects.toBeInstanceOf(StoreClosedError);
    const events: NewEvent[] = sampleEvents(1);
    await expect(store.append("agreement-x", events, { expectedVersion: "any" })).rejects.toBeInstanceOf(
      StoreClosedError,
    );
  });
});
