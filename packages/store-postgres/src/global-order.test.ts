import { randomUUID } from "node:crypto";
import { ConcurrencyError, type NewEvent, type StoredEvent } from "@iop/core";
import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { appendStatement, eventSql } from "./event-statements.js";
import type { PostgresStore } from "./open-postgres-store.js";
import { sealedEvents } from "./testing/prepared-events.js";
import { events, useRaceStores } from "./testing/race-stores.js";

const { freshStore, client } = useRaceStores("global_order", "order");

/**
 * Begins a transaction on `c` and appends inside it without committing: exactly what
 * the driver's `append` sends to create `streamId`, held open. Returns the last position it took.
 */
async function appendHeldOpen(c: pg.Client, store: PostgresStore, streamId: string, batch: NewEvent[]) {
  await c.query("BEGIN");
  const statement = appendStatement(eventSql(`"${store.driver.schema}"`), {
    streamId,
    expectedVersion: "no-stream",
    events: sealedEvents(streamId, batch),
  });
  const { rows } = await c.query({ text: statement.text, values: [...statement.values] });
  expect(rows[0]?.o_appended).toBe(true);
  return Number((rows[0]?.o_positions as string[] | undefined)?.at(-1));
}

/** A catch-up reader: pages through read-all from its checkpoint, as a projection runner does. */
class CatchUpReader {
  readonly seen: StoredEvent[] = [];
  checkpoint = 0;
  constructor(
    private readonly store: PostgresStore,
    private readonly pageSize = 3,
  ) {}
  /** Reads until read-all has nothing more for now. */
  async catchUp(): Promise<StoredEvent[]> {
    const read: StoredEvent[] = [];
    for (;;) {
      const page = await this.store.readAll({ after: this.checkpoint, limit: this.pageSize });
      if (page.length === 0) return read;
      read.push(...page);
      this.seen.push(...page);
      this.checkpoint = page.at(-1)?.globalPosition ?? this.checkpoint;
    }
  }
}

/** What a reader ordering by position alone would return: the hazard the adapter avoids. */
async function naiveReadAll(store: PostgresStore, after: number): Promise<number[]> {
  const { rows } = await store.driver.pool.query<{ position: string }>(
    `SELECT position FROM "${store.driver.schema}".events WHERE position > $1 ORDER BY position`,
    [after],
  );
  return rows.map((r) => Number(r.position));
}

function expectStrictlyIncreasing(seen: readonly StoredEvent[]): void {
  for (let i = 1; i < seen.length; i++)
    expect(seen[i]?.globalPosition).toBeGreaterThan(seen[i - 1]?.globalPosition ?? 0);
}

describe("global order under concurrent transactions", () => {
  it("does not move past a transaction still open, then delivers everything exactly once", async () => {
    const store = await freshStore();
    const reader = new CatchUpReader(store);
    const before = events(2);
    await store.append("agreement-before", before, { expectedVersion: "no-stream" });
    expect((await reader.catchUp()).map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));

    // A writer appends and keeps its transaction open (think: a slow commit).
    const held = events(2);
    const heldClient = await client();
    const heldPosition = await appendHeldOpen(heldClient, store, "agreement-held", held);

    // Meanwhile others append and commit: their positions are above the held ones.
    const later: NewEvent[] = [];
    for (let i = 0; i < 3; i++) {
      const batch = events(2);
      const result = await store.append(`agreement-later-${i}`, batch, { expectedVersion: "no-stream" });
      expect(result.globalPosition).toBeGreaterThan(heldPosition);
      later.push(...batch);
    }
    // They are committed and readable by stream...
    expect(await store.readStream("agreement-later-0")).toHaveLength(2);
    // ...and a reader ordering by position alone would now skip past the held events for good.
    expect(Math.max(...(await naiveReadAll(store, reader.checkpoint)))).toBeGreaterThan(heldPosition);

    // Read-all does not move past the open transaction.
    expect(await reader.catchUp()).toEqual([]);
    expect(await store.readAll()).toHaveLength(2);

    await heldClient.query("COMMIT");
    const resumed = await reader.catchUp();
    expect(resumed.map((e) => e.eventId)).toEqual([...held, ...later].map((e) => e.eventId));
    expect(reader.seen.map((e) => e.eventId)).toEqual([...before, ...held, ...later].map((e) => e.eventId));
    expectStrictlyIncreasing(reader.seen);
    expect(await reader.catchUp()).toEqual([]);
  });

  it("a naive position-ordered reader does lose the late commit (why the horizon exists)", async () => {
    const store = await freshStore();
    const c = await client();
    const heldPosition = await appendHeldOpen(c, store, "agreement-held", events(1));
    await store.append("agreement-later", events(1), { expectedVersion: "no-stream" });
    const naiveCheckpoint = Math.max(...(await naiveReadAll(store, 0)));
    await c.query("COMMIT");
    // The held event committed below the naive checkpoint: resuming after it never sees it.
    expect(await naiveReadAll(store, naiveCheckpoint)).not.toContain(heldPosition);
    expect((await store.readAll()).map((e) => e.globalPosition)).toContain(heldPosition);
  });

  it("a rolled-back transaction releases the readers and leaves only a gap", async () => {
    const store = await freshStore();
    const reader = new CatchUpReader(store);
    const c = await client();
    const heldPosition = await appendHeldOpen(c, store, "agreement-rolled-back", events(3));
    const after = events(2);
    await store.append("agreement-after", after, { expectedVersion: "no-stream" });
    expect(await reader.catchUp()).toEqual([]);
    await c.query("ROLLBACK");
    const seen = await reader.catchUp();
    expect(seen.map((e) => e.eventId)).toEqual(after.map((e) => e.eventId));
    expect(seen[0]?.globalPosition).toBeGreaterThan(heldPosition);
    expect(await store.readStream("agreement-rolled-back")).toEqual([]);
  });

  it("fast-check: any interleaving of begin/append, commit, rollback and reads delivers each committed event once", async () => {
    const store = await freshStore();
    const writers = [await client(), await client(), await client()];
    type Step =
      | { kind: "append"; writer: number; size: number }
      | { kind: "commit" | "rollback"; writer: number }
      | { kind: "read"; limit: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constant("append" as const),
        writer: fc.nat({ max: 2 }),
        size: fc.integer({ min: 1, max: 3 }),
      }),
      fc.record({
        kind: fc.constantFrom("commit" as const, "rollback" as const),
        writer: fc.nat({ max: 2 }),
      }),
      fc.record({ kind: fc.constant("read" as const), limit: fc.integer({ min: 1, max: 4 }) }),
    );

    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        // Each run reads only what it writes: start the reader at the current end.
        const reader = new CatchUpReader(store, 2);
        await reader.catchUp();
        reader.seen.length = 0;
        const pending = new Map<number, string[]>();
        const committed: string[] = [];
        const finish = async (writer: number, how: "COMMIT" | "ROLLBACK") => {
          const ids = pending.get(writer);
          if (ids === undefined) return;
          await writers[writer]?.query(how);
          pending.delete(writer);
          if (how === "COMMIT") committed.push(...ids);
        };
        for (const s of steps) {
          if (s.kind === "append") {
            if (pending.has(s.writer)) continue; // one append per transaction, as the store does
            const batch = events(s.size);
            await appendHeldOpen(writers[s.writer] as pg.Client, store, `agreement-${randomUUID()}`, batch);
            pending.set(
              s.writer,
              batch.map((e) => e.eventId as string),
            );
          } else if (s.kind === "read") {
            const page = await store.readAll({ after: reader.checkpoint, limit: s.limit });
            reader.seen.push(...page);
            reader.checkpoint = page.at(-1)?.globalPosition ?? reader.checkpoint;
            // Nothing returned while a transaction that began earlier is still open.
            for (const e of page) for (const ids of pending.values()) expect(ids).not.toContain(e.eventId);
          } else {
            await finish(s.writer, s.kind === "commit" ? "COMMIT" : "ROLLBACK");
          }
        }
        for (const writer of [...pending.keys()]) await finish(writer, "COMMIT");
        await reader.catchUp();
        expect(reader.seen.map((e) => e.eventId).sort()).toEqual([...committed].sort());
        expectStrictlyIncreasing(reader.seen);
      }),
      { numRuns: propertyRuns(40) },
    );
  });
});

describe("writers of one stream", () => {
  it("take turns: an append waits for the open one, then lands after it in both orders", async () => {
    const store = await freshStore();
    const holder = await client();
    const held = events(2);
    const heldPosition = await appendHeldOpen(holder, store, "agreement-turns", held);

    let settled = false;
    // It sees no stream yet (the holder has not committed), so the core seals it onto none; the
    // server makes it wait, finds version 2, and the core seals it again onto that.
    const next = store.append("agreement-turns", events(1), { expectedVersion: "any" }).finally(() => {
      settled = true;
    });
    const conflicting = store
      .append("agreement-turns", events(1), { expectedVersion: "no-stream" })
      .catch((e: unknown) => e);
    // Wait until both are queued behind the holder's stream lock (no clock involved).
    for (let waiting = 0; waiting < 2; ) {
      const { rows } = await store.driver.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
      );
      waiting = rows[0]?.n ?? 0;
    }
    expect(settled).toBe(false);
    await holder.query("COMMIT");

    const result = await next;
    expect(result.streamVersion).toBe(3);
    expect(result.globalPosition).toBeGreaterThan(heldPosition);
    // It ran before or after `next`, never alongside: it saw version 2 or 3, never 0.
    const conflict = await conflicting;
    expect(conflict).toBeInstanceOf(ConcurrencyError);
    expect([2, 3]).toContain((conflict as ConcurrencyError).actual);
    const stream = await store.readStream("agreement-turns");
    expect(stream.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expect(stream.map((e) => e.globalPosition)).toEqual(
      [...stream.map((e) => e.globalPosition)].sort((a, b) => a - b),
    );
    expect((await store.readAll()).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
  });
});

describe("append_events_v3() guards", () => {
  it("refuses to run in a transaction that has already written", async () => {
    const store = await freshStore();
    const c = await client();
    await c.query("BEGIN");
    await c.query("SELECT pg_current_xact_id()"); // the transaction now has an id
    const statement = appendStatement(eventSql(`"${store.driver.schema}"`), {
      streamId: "agreement-x",
      expectedVersion: "no-stream",
      events: sealedEvents("agreement-x", events(1)),
    });
    await expect(c.query({ text: statement.text, values: [...statement.values] })).rejects.toMatchObject({
      code: "25001",
    });
    await c.query("ROLLBACK");
    expect(await store.readStream("agreement-x")).toEqual([]);
  });

  it("releases the position lock when allocating positions fails", async () => {
    const store = await freshStore();
    await store.append("agreement-a", events(2), { expectedVersion: "no-stream" });
    const c = await client();
    const sequence = `"${store.driver.schema}".event_position`;
    // Make the next position impossible: nextval fails inside the locked section.
    await store.driver.pool.query(`ALTER SEQUENCE ${sequence} MAXVALUE 2`);
    const statement = appendStatement(eventSql(`"${store.driver.schema}"`), {
      streamId: "agreement-b",
      expectedVersion: "no-stream",
      events: sealedEvents("agreement-b", events(1)),
    });
    await expect(c.query({ text: statement.text, values: [...statement.values] })).rejects.toMatchObject({
      code: "2200H", // sequence_generator_limit_exceeded
    });
    const { rows } = await c.query(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()",
    );
    expect(rows[0]?.n).toBe(0);
    await store.driver.pool.query(`ALTER SEQUENCE ${sequence} NO MAXVALUE`);
    // Other connections can append: nobody holds the lock.
    await expect(
      store.append("agreement-b", events(1), { expectedVersion: "no-stream" }),
    ).resolves.toMatchObject({
      streamVersion: 1,
    });
  });
});
