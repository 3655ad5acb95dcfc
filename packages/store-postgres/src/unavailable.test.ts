import { createServer } from "node:net";
import { StoreUnavailableError } from "@iop/core";
import { sampleEvents } from "@iop/store-testkit";
import { describe, expect, it } from "vitest";
import { PostgresEventStore } from "./postgres-event-store.js";
import { PostgresProjectionStore } from "./postgres-projection-store.js";
import { startTestPostgres } from "./testing/start-postgres.js";

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

describe("an unreachable server", () => {
  it("gives StoreUnavailableError from every operation, and from connect()", async () => {
    const connection = `postgres://nobody:secret@127.0.0.1:${await closedPort()}/iop`;
    const store = new PostgresEventStore({ connection });
    await expect(
      store.append("agreement-1", sampleEvents(1), { expectedVersion: "any" }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readStream("agreement-1")).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.migrate()).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
    await expect(PostgresEventStore.connect({ connection })).rejects.toMatchObject({
      code: "STORE_UNAVAILABLE",
      cause: expect.objectContaining({ code: "ECONNREFUSED" }),
    });

    const projections = new PostgresProjectionStore({ connection });
    await expect(projections.load("summary")).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(
      projections.save({ name: "summary", version: 1, checkpoint: 1, state: {} }, null),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    await projections.close();
  });

  it("a server that goes away gives StoreUnavailableError, not a crash", async () => {
    // A server of its own (even with DATABASE_URL set), since this test stops it.
    const server = await startTestPostgres({ embedded: true });
    let stopped = false;
    try {
      const store = await PostgresEventStore.connect({ connection: server.url });
      await store.append("agreement-1", sampleEvents(2), { expectedVersion: "no-stream" });
      expect(await store.readStream("agreement-1")).toHaveLength(2);
      await server.stop(); // idle pooled connections are terminated under the store
      stopped = true;
      await expect(store.readStream("agreement-1")).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(
        store.append("agreement-1", sampleEvents(1), { expectedVersion: 2 }),
      ).rejects.toBeInstanceOf(StoreUnavailableError);
      await store.close();
    } finally {
      if (!stopped) await server.stop();
    }
  });
});
