import { createServer } from "node:net";
import { EventStoreDBClient } from "@eventstore/db-client";
import { InvalidStoreInputError, type NewEvent, StoreClosedError, StoreUnavailableError } from "@iop/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { connectEventStoreDb, type EventStoreDbEventStore } from "./eventstoredb-event-store.js";

/** A TCP port on this machine that nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

const event: NewEvent = {
  type: "PeriodReported",
  schemaVersion: 1,
  data: { n: 1 },
  metadata: { actor: "x" },
};

/** How long an operation against a closed port may take: it should fail at once, not hang. */
const FAST_MS = 5_000;

async function failure(operation: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await operation.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

describe("EventStoreDbEventStore without a server", () => {
  const opened: EventStoreDbEventStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  async function unreachable(): Promise<EventStoreDbEventStore> {
    // defaultDeadline bounds the calls that have one (the append's capability probe).
    const store = connectEventStoreDb(
      `esdb://127.0.0.1:${await closedPort()}?tls=false&defaultDeadline=2000`,
    );
    opened.push(store);
    return store;
  }

  it("rejects append and reads with StoreUnavailableError, quickly, when nothing listens", async () => {
    const store = await unreachable();
    const operations: [string, () => Promise<unknown>][] = [
      ["append", () => store.append("agreement-1", [event], { expectedVersion: "no-stream" })],
      ["readStream", () => store.readStream("agreement-1")],
      [
        "readStream backwards from a version",
        () => store.readStream("agreement-1", { direction: "backwards", fromVersion: 3 }),
      ],
      ["readAll", () => store.readAll()],
      ["readAll after a position", () => store.readAll({ after: 1234, limit: 10 })],
    ];
    for (const [name, run] of operations) {
      const { error, ms } = await failure(run());
      expect(error, name).toBeInstanceOf(StoreUnavailableError);
      expect((error as StoreUnavailableError).code, name).toBe("STORE_UNAVAILABLE");
      expect(ms, name).toBeLessThan(FAST_MS);
    }
  }, 30_000);

  it("refuses bad input with InvalidStoreInputError before touching the network", async () => {
    const store = await unreachable();
    await expect(store.append("$system", [event], { expectedVersion: "any" })).rejects.toBeInstanceOf(
      InvalidStoreInputError,
    );
    await expect(store.append("agreement-1", [], { expectedVersion: "any" })).rejects.toBeInstanceOf(
      InvalidStoreInputError,
    );
    await expect(
      store.append("agreement-1", [event], { expectedVersion: -1 } as never),
    ).rejects.toBeInstanceOf(InvalidStoreInputError);
    await expect(store.readStream("", {})).rejects.toBeInstanceOf(InvalidStoreInputError);
    await expect(store.readAll({ after: -3 })).rejects.toBeInstanceOf(InvalidStoreInputError);
  });

  it("answers a read with limit 0 without a server", async () => {
    const store = await unreachable();
    expect(await store.readStream("agreement-1", { limit: 0 })).toEqual([]);
    expect(await store.readAll({ limit: 0 })).toEqual([]);
  });

  it("throws StoreClosedError after close, and closing twice is harmless", async () => {
    const store = await unreachable();
    await store.close();
    await store.close();
    await expect(store.append("agreement-1", [event], { expectedVersion: "any" })).rejects.toBeInstanceOf(
      StoreClosedError,
    );
    await expect(store.readStream("agreement-1")).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreClosedError);
  });

  it("disposes a client it made, and leaves a client it was given to its owner", async () => {
    const port = await closedPort();
    const made = connectEventStoreDb(`esdb://127.0.0.1:${port}?tls=false`);
    const madeDispose = vi.spyOn(made.client, "dispose");
    await made.close();
    expect(madeDispose).toHaveBeenCalledOnce();

    const client = EventStoreDBClient.connectionString(`esdb://127.0.0.1:${port}?tls=false`);
    const givenDispose = vi.spyOn(client, "dispose");
    const given = connectEventStoreDb(client, { namespace: "tenant-a/" });
    expect(given.client).toBe(client);
    expect(given.namespace).toBe("tenant-a/");
    await given.close();
    expect(givenDispose).not.toHaveBeenCalled();
    const handedOver = connectEventStoreDb(client, { ownsClient: true });
    await handedOver.close();
    expect(givenDispose).toHaveBeenCalledOnce();
  });

  it.each([
    ["a leading $", "$tenant/"],
    ["a control character", "tenant\u0000/"],
  ])("refuses a namespace with %s", async (_label, namespace) => {
    const client = EventStoreDBClient.connectionString(`esdb://127.0.0.1:${await closedPort()}?tls=false`);
    expect(() => connectEventStoreDb(client, { namespace })).toThrow(InvalidStoreInputError);
    await client.dispose();
  });
});
