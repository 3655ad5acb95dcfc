import { createServer } from "node:net";
import { InvalidStoreInputError, type ProjectionSnapshot, StoreClosedError } from "@iop/core";
import { KurrentDBClient } from "@kurrent/kurrentdb-client";
import { afterAll, describe, expect, it, vi } from "vitest";
import { EventStoreDbProjectionStore } from "./eventstoredb-projection-store.js";
import { openEventStoreDbStore } from "./open-eventstoredb-store.js";

/** A TCP port on this machine that nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

const client = KurrentDBClient.connectionString(`kurrentdb://127.0.0.1:${await closedPort()}?tls=false`);
afterAll(() => client.dispose());

describe("the EventStoreDB projection store without a server", () => {
  it.each<[string, () => Promise<unknown>]>([
    ["a load of an empty name", () => new EventStoreDbProjectionStore(client).load("")],
    ["a delete of an empty name", () => new EventStoreDbProjectionStore(client).delete("")],
    [
      "a save of a state that is not JSON",
      () =>
        new EventStoreDbProjectionStore(client).save(
          { name: "p", version: 1, checkpoint: 1, state: { n: Number.NaN } },
          null,
        ),
    ],
    [
      "a save with a fractional expected checkpoint",
      () =>
        new EventStoreDbProjectionStore(client).save(
          { name: "p", version: 1, checkpoint: 2, state: {} },
          1.5,
        ),
    ],
  ])("refuses %s before any call to the server", async (_label, call) => {
    const readStream = vi.spyOn(client, "readStream");
    await expect(call()).rejects.toBeInstanceOf(InvalidStoreInputError);
    expect(readStream).not.toHaveBeenCalled();
    readStream.mockRestore();
  });

  it("is closed with its store, and then throws StoreClosedError", async () => {
    const store = await openEventStoreDbStore(client);
    const projections = store.projections;
    await store.close();
    const snapshot: ProjectionSnapshot = { name: "p", version: 1, checkpoint: 1, state: {} };
    await expect(projections.load("p")).rejects.toBeInstanceOf(StoreClosedError);
    await expect(projections.save(snapshot, null)).rejects.toBeInstanceOf(StoreClosedError);
    await expect(projections.delete("p")).rejects.toBeInstanceOf(StoreClosedError);
    expect(() => store.projections).toThrow(StoreClosedError);
  });
});
