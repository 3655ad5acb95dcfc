import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { StoreUnavailableError, type TableSchema } from "@iop/core";
import { createEventStore } from "@iop/core/adapter-kit";
import { sampleEvents } from "@iop/store-testkit";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { appendStatement, eventSql } from "./event-statements.js";
import { openPostgresStore } from "./open-postgres-store.js";
import { PostgresDriver } from "./postgres-driver.js";
import { PostgresProjectionStore } from "./postgres-projection-store.js";
import { sealedEvents } from "./testing/prepared-events.js";
import { startTestPostgres } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

/** A projection table, for the tables' operations. */
const register: TableSchema = {
  name: "iop_register",
  group: "agreement_id",
  key: [],
  columns: [{ name: "agreement_id", type: "text" }],
};

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** A listener that accepts connections and never says a word: a hung server or a dropped route. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("an unreachable server", () => {
  it("fails openPostgresStore with StoreUnavailableError, migrating or not", async () => {
    const connection = `postgres://nobody:secret@127.0.0.1:${await closedPort()}/iop`;
    for (const migrate of [true, false])
      await expect(openPostgresStore({ connection, migrate })).rejects.toMatchObject({
        code: "STORE_UNAVAILABLE",
        cause: expect.objectContaining({ code: "ECONNREFUSED" }),
      });
  });

  it("gives StoreUnavailableError from every operation of a store that was never opened", async () => {
    const connection = `postgres://nobody:secret@127.0.0.1:${await closedPort()}/iop`;
    const driver = new PostgresDriver({ connection });
    const store = createEventStore(driver);
    await expect(
      store.append("agreement-1", sampleEvents(1), { expectedVersion: "any" }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readStream("agreement-1")).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(driver.migrate()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.projections.load("summary")).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.tables?.catalog("register")).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.tables?.prepare("register", 1, [register])).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await store.close();

    const projections = new PostgresProjectionStore({ connection });
    await expect(projections.load("summary")).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(
      projections.save({ name: "summary", version: 1, checkpoint: 1, state: {} }, null),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    await projections.close();
  });

  it("a server that does not answer within the connect timeout gives StoreUnavailableError", async () => {
    const silent = await silentServer();
    try {
      const connectionString = `postgres://nobody:secret@127.0.0.1:${silent.port}/iop`;
      const started = Date.now();
      const error = await openPostgresStore({
        connection: { connectionString, connectionTimeoutMillis: 300 },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/timeout/i);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      await silent.close();
    }
  });

  it("a server out of connections (53300) gives StoreUnavailableError until one is free", async (context) => {
    const database = await useTestDatabase("unavailable");
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const role = `iop_limited_${randomBytes(4).toString("hex")}`;
    const password = randomBytes(8).toString("hex");
    const holder = new pg.Client({ connectionString: withRole(database.url, role, password) });
    try {
      // Role and password are made of [a-z0-9_]; identifiers and DDL literals cannot be parameters.
      const created = await admin
        .query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}' CONNECTION LIMIT 1`)
        .catch((e: unknown) => e);
      if (created instanceof Error)
        context.skip(`the server's test role may not create roles: ${created.message}`);
      await holder.connect(); // the role's one connection
      const connection = withRole(database.url, role, password);
      await expect(openPostgresStore({ connection, migrate: false })).rejects.toMatchObject({
        code: "STORE_UNAVAILABLE",
        cause: expect.objectContaining({ code: "53300" }),
      });
      await holder.end();
      // The server ends the session a moment after the client leaves.
      for (let sessions = 1; sessions > 0; ) {
        const { rows } = await admin.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1",
          [role],
        );
        sessions = rows[0]?.n ?? 0;
      }
      const store = await openPostgresStore({ connection, migrate: false });
      await store.close();
    } finally {
      await holder.end().catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS "${role}"`).catch(() => undefined);
      await admin.end();
      await database.drop();
    }
  });
});

function withRole(url: string, role: string, password: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = password;
  return u.toString();
}

describe("a server that goes away mid-use", () => {
  it("gives StoreUnavailableError, and once it is back the store works and nothing acknowledged is lost", async () => {
    // A server of its own (even with DATABASE_URL set), since this test shuts it down.
    const server = await startTestPostgres({ embedded: true });
    try {
      const store = await openPostgresStore({ connection: server.url });
      // An append waiting for its turn on a stream whose writer holds its transaction open, so
      // that one append is surely in flight when the server goes.
      const holder = new pg.Client({ connectionString: server.url });
      holder.on("error", () => undefined); // the shutdown ends this session too
      await holder.connect();
      await holder.query("BEGIN");
      const held = appendStatement(eventSql(`"${store.driver.schema}"`), {
        streamId: "agreement-held",
        expectedVersion: "no-stream",
        events: sealedEvents("agreement-held", sampleEvents(1)),
      });
      await holder.query({ text: held.text, values: [...held.values] });
      const waiting = store
        .append("agreement-held", sampleEvents(1), { expectedVersion: "any" })
        .catch((e) => e);
      for (let queued = 0; queued < 1; ) {
        const { rows } = await store.driver.pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
        );
        queued = rows[0]?.n ?? 0;
      }

      // Writers append until their first failure; the server goes once they have some acknowledged.
      const acknowledged: { streamId: string; eventId: string; globalPosition: number }[] = [];
      const failures: unknown[] = [];
      const writers = Array.from({ length: 4 }, async (_, w) => {
        const streamId = `agreement-writer-${w}`;
        for (;;) {
          try {
            const result = await store.append(streamId, sampleEvents(2), { expectedVersion: "any" });
            for (const event of result.events ?? []) acknowledged.push({ streamId, ...event });
          } catch (error) {
            failures.push(error);
            return;
          }
        }
      });
      while (acknowledged.length < 40 && failures.length === 0)
        await new Promise((resolve) => setTimeout(resolve, 5));
      await server.suspend();
      await Promise.all(writers);
      const heldUp = await waiting;

      expect(heldUp).toBeInstanceOf(StoreUnavailableError);
      expect(failures).toHaveLength(4);
      for (const failure of failures) expect(failure).toBeInstanceOf(StoreUnavailableError);
      await expect(store.readStream("agreement-writer-0")).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.projections.load("summary")).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.tables?.select(register)).rejects.toBeInstanceOf(StoreUnavailableError);

      await server.resume();
      // The same store, not reopened: every acknowledged event is there, where append said.
      for (let w = 0; w < 4; w++) {
        const streamId = `agreement-writer-${w}`;
        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.streamVersion)).toEqual(stored.map((_, i) => i + 1));
        const positions = new Map(stored.map((e) => [e.eventId, e.globalPosition]));
        for (const ack of acknowledged.filter((a) => a.streamId === streamId))
          expect(positions.get(ack.eventId)).toBe(ack.globalPosition);
      }
      // Neither the held transaction nor the append behind it committed.
      expect(await store.readStream("agreement-held")).toEqual([]);
      const version = (await store.readStream("agreement-writer-0", { direction: "backwards", limit: 1 }))[0]
        ?.streamVersion;
      await expect(
        store.append("agreement-writer-0", sampleEvents(1), { expectedVersion: version ?? 0 }),
      ).resolves.toMatchObject({ streamVersion: (version ?? 0) + 1 });
      await holder.end().catch(() => undefined);
      await store.close();
    } finally {
      await server.stop();
    }
  });
});
