import { createServer } from "node:net";
import { EventStoreDBClient } from "@eventstore/db-client";
import { InvalidStoreInputError, type NewEvent, StoreUnavailableError } from "@iop/core";
import { KurrentDBClient } from "@kurrent/kurrentdb-client";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EventStoreDbClientPackage } from "./client-selection.js";
import { type EventStoreDbStore, openEventStoreDbStore } from "./open-eventstoredb-store.js";

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
const FAST_MS = 8_000;

async function failure(operation: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await operation().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

const opened: EventStoreDbStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function open(...args: Parameters<typeof openEventStoreDbStore>): Promise<EventStoreDbStore> {
  const store = await openEventStoreDbStore(...args);
  opened.push(store);
  return store;
}

describe.each<[EventStoreDbClientPackage, string, typeof KurrentDBClient | typeof EventStoreDBClient]>([
  ["@kurrent/kurrentdb-client", "kurrentdb", KurrentDBClient],
  ["@eventstore/db-client", "esdb", EventStoreDBClient],
])("a store on %s without a server", (clientPackage, scheme, clientClass) => {
  it(`opens a ${scheme}:// connection string with that package's client`, async () => {
    const store = await open(`${scheme}://127.0.0.1:${await closedPort()}?tls=false`);
    expect(store.driver.client).toBeInstanceOf(clientClass);
    expect(store.driver.name).toBe("EventStoreDB");
  });

  it("rejects appends, reads and projection calls with StoreUnavailableError, quickly, when nothing listens", async () => {
    // defaultDeadline bounds the calls that have one (the append's capability probe).
    const url = `esdb://127.0.0.1:${await closedPort()}?tls=false&defaultDeadline=2000`;
    const store = await open(url, { clientPackage });
    expect(store.driver.client).toBeInstanceOf(clientClass);
    const operations: [string, () => Promise<unknown>][] = [
      ["append", () => store.append("agreement-1", [event], { expectedVersion: "no-stream" })],
      ["append at a version", () => store.append("agreement-1", [event], { expectedVersion: 3 })],
      ["readStream", () => store.readStream("agreement-1")],
      [
        "readStream backwards from a version",
        () => store.readStream("agreement-1", { direction: "backwards", fromVersion: 3 }),
      ],
      ["readAll", () => store.readAll()],
      ["readAll after a position", () => store.readAll({ after: 1234, limit: 10 })],
      ["projections.load", () => store.projections.load("totals")],
      [
        "projections.save",
        () => store.projections.save({ name: "t", version: 1, checkpoint: 1, state: {} }, null),
      ],
      ["projections.delete", () => store.projections.delete("totals")],
    ];
    for (const [name, run] of operations) {
      const { error, ms } = await failure(run);
      expect(error, name).toBeInstanceOf(StoreUnavailableError);
      expect((error as StoreUnavailableError).message, name).toMatch(
        /^EventStoreDB (projection store )?is unavailable/,
      );
      expect(ms, name).toBeLessThan(FAST_MS);
    }
  }, 60_000);

  it("disposes a client it made, and leaves a client it was given to its owner", async () => {
    const url = `${scheme}://127.0.0.1:${await closedPort()}?tls=false`;
    const made = await openEventStoreDbStore(url);
    const madeDispose = vi.spyOn(made.driver.client, "dispose");
    await made.close();
    expect(madeDispose).toHaveBeenCalledOnce();

    const client = clientClass.connectionString(url);
    const givenDispose = vi.spyOn(client, "dispose");
    const given = await openEventStoreDbStore(client, { namespace: "tenant-a/" });
    expect(given.driver.client).toBe(client);
    expect(given.driver.namespace).toBe("tenant-a/");
    await given.close();
    expect(givenDispose).not.toHaveBeenCalled();
    const handedOver = await openEventStoreDbStore(client, { ownsClient: true });
    await handedOver.close();
    expect(givenDispose).toHaveBeenCalledOnce();
  });
});

describe("refused before any call to a server", () => {
  it.each([
    ["a leading $", "$tenant/"],
    ["a control character", "tenant\u0000/"],
  ])("a namespace with %s", async (_label, namespace) => {
    const url = `kurrentdb://127.0.0.1:${await closedPort()}?tls=false`;
    await expect(openEventStoreDbStore(url, { namespace })).rejects.toMatchObject({ field: "namespace" });
    const client = KurrentDBClient.connectionString(url);
    const dispose = vi.spyOn(client, "dispose");
    await expect(openEventStoreDbStore(client, { namespace })).rejects.toBeInstanceOf(InvalidStoreInputError);
    expect(dispose).not.toHaveBeenCalled();
    await client.dispose();
  });

  it.each([
    ["an object without the client's methods", {}],
    ["null", null],
  ])("a target that is %s", async (_label, target) => {
    await expect(openEventStoreDbStore(target as never)).rejects.toMatchObject({ field: "client" });
  });

  it("a stream id in the projection snapshots' reserved space", async () => {
    const store = await open(`kurrentdb://127.0.0.1:${await closedPort()}?tls=false`);
    const reserved = "iop-projection-totals";
    await expect(store.append(reserved, [event], { expectedVersion: "any" })).rejects.toMatchObject({
      field: "streamId",
      message: expect.stringContaining("reserved for projection snapshots"),
    });
    await expect(store.readStream(reserved)).rejects.toMatchObject({ field: "streamId" });
  });
});
