import { ConcurrencyError, type RecordedAppend } from "@iop/core";
import type { DriverAppend } from "@iop/core/adapter-kit";
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { appendChunkStatement, appendStatement, eventSql } from "./event-statements.js";
import type { PostgresStore } from "./open-postgres-store.js";
import { sealedEvents } from "./testing/prepared-events.js";
import { events, useRaceStores } from "./testing/race-stores.js";

const { freshStore, client } = useRaceStores("append_chunk", "chunk");

/** A new stream's events as the core hands them to `appendChunk`. */
function newStreamAppend(streamId: string, count: number): DriverAppend {
  return {
    streamId,
    expectedVersion: "no-stream",
    accepts: (actual) => actual === 0,
    events: sealedEvents(streamId, events(count)),
  };
}

/** Begins a transaction on `c` and sends `statement` inside it without committing. */
async function heldOpen(c: pg.Client, statement: { text: string; values: readonly unknown[] }) {
  await c.query("BEGIN");
  const { rows } = await c.query({ text: statement.text, values: [...statement.values] });
  return rows[0] as Record<string, unknown>;
}

/** Resolves once some backend of the test database waits for a lock. */
async function someoneWaitsForALock(c: pg.Client): Promise<void> {
  for (;;) {
    const { rows } = await c.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
    );
    if ((rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A stream's events, recorded as `importRecorded` takes them, from a store that holds them. */
async function recordedFrom(store: PostgresStore, streamId: string): Promise<RecordedAppend> {
  const stored = await store.readStream(streamId);
  return {
    streamId,
    events: stored.map(({ streamId: _s, globalPosition: _g, ...event }) => event),
  };
}

describe("append_chunk_v1()", () => {
  it("takes its transaction id and positions together: a reader does not pass a chunk still open", async () => {
    const store = await freshStore();
    const c = await client();
    const chunk = [newStreamAppend("agreement-a", 2), newStreamAppend("agreement-b", 1)];
    const row = await heldOpen(c, appendChunkStatement(eventSql(`"${store.driver.schema}"`), chunk));
    expect(row).toMatchObject({ o_appended: true });
    const first = Number(row.o_first_position);

    const later = await store.append("agreement-later", events(1), { expectedVersion: "no-stream" });
    expect(later.globalPosition).toBeGreaterThan(first + 2);
    expect(await store.readAll()).toEqual([]);

    await c.query("COMMIT");
    const all = await store.readAll();
    expect(all.map((e) => [e.streamId, e.streamVersion, e.globalPosition])).toEqual([
      ["agreement-a", 1, first],
      ["agreement-a", 2, first + 1],
      ["agreement-b", 1, first + 2],
      ["agreement-later", 1, later.globalPosition],
    ]);
  });

  it("a chunk racing an ordinary writer of one of its streams is a conflict, and writes nothing", async () => {
    const source = await freshStore();
    await source.append("agreement-new", events(1), { expectedVersion: "no-stream" });
    await source.append("agreement-raced", events(1), { expectedVersion: "no-stream" });
    const chunk = [
      await recordedFrom(source, "agreement-new"),
      await recordedFrom(source, "agreement-raced"),
    ];

    const store = await freshStore();
    const c = await client();
    const held = await heldOpen(
      c,
      appendStatement(eventSql(`"${store.driver.schema}"`), newStreamAppend("agreement-raced", 2)),
    );
    expect(held).toMatchObject({ o_appended: true });
    // The chunk reads the raced stream as new, then waits for the writer's row.
    const importing = store.importRecorded(chunk).then(
      () => undefined,
      (error: unknown) => error,
    );
    await someoneWaitsForALock(await client());
    await c.query("COMMIT");

    const error = await importing;
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: "agreement-raced", expected: 0, actual: 2 });
    expect(await store.readStream("agreement-new")).toEqual([]);
    expect((await store.readStream("agreement-raced")).map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it("an ordinary writer racing a chunk still open lands after it, chained onto its events", async () => {
    const store = await freshStore();
    const c = await client();
    const chunk = [newStreamAppend("agreement-shared", 2)];
    await heldOpen(c, appendChunkStatement(eventSql(`"${store.driver.schema}"`), chunk));
    const appending = store.append("agreement-shared", events(1), { expectedVersion: "any" });
    await someoneWaitsForALock(await client());
    await c.query("COMMIT");

    expect((await appending).streamVersion).toBe(3);
    const stream = await store.readStream("agreement-shared");
    expect(stream.map((e) => e.eventId)).toEqual([
      ...(chunk[0]?.events.map((e) => e.eventId) ?? []),
      stream[2]?.eventId,
    ]);
    expect(stream[2]?.previousHash).toBe(stream[1]?.hash);
    expect(stream[2]?.globalPosition).toBeGreaterThan(stream[1]?.globalPosition ?? 0);
  });
});
