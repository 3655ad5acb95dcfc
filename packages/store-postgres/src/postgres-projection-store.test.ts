import {
  canonicalJson,
  InvalidStoreInputError,
  ProjectionConflictError,
  type ProjectionSnapshot,
  StoreClosedError,
} from "@iop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore } from "./open-postgres-store.js";
import { PostgresProjectionStore } from "./postgres-projection-store.js";
import type { TestDatabase } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

let database: TestDatabase;
let store: PostgresProjectionStore;

beforeAll(async () => {
  database = await useTestDatabase("projections");
  store = new PostgresProjectionStore({ connection: database.url, schema: "projections_test" });
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

const snapshot = (
  name: string,
  checkpoint: number,
  state: ProjectionSnapshot["state"],
): ProjectionSnapshot => ({
  name,
  version: 1,
  checkpoint,
  state,
});

describe("PostgresProjectionStore", () => {
  it("saves inside the caller's transaction: rolled back with it, or committed with it", async () => {
    const client = await store.pool.connect();
    try {
      const inTransaction = store.withClient(client);
      await client.query("BEGIN");
      await inTransaction.save(snapshot("tx-summary", 10, { total: 1 }), null);
      expect(await inTransaction.load("tx-summary")).toEqual(snapshot("tx-summary", 10, { total: 1 }));
      expect(await store.load("tx-summary")).toBeUndefined(); // not visible outside yet
      await client.query("ROLLBACK");
      expect(await store.load("tx-summary")).toBeUndefined();

      await client.query("BEGIN");
      await client.query("CREATE TABLE projections_test.read_model (total int)");
      await client.query("INSERT INTO projections_test.read_model VALUES (2)");
      await inTransaction.save(snapshot("tx-summary", 20, { total: 2 }), null);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    expect(await store.load("tx-summary")).toEqual(snapshot("tx-summary", 20, { total: 2 }));
  });

  it("lets exactly one of two racing runners advance a checkpoint", async () => {
    const other = new PostgresProjectionStore({ connection: database.url, schema: "projections_test" });
    try {
      await store.save(snapshot("race", 5, { n: 5 }), null);
      for (let round = 0; round < 10; round++) {
        const from = 5 + round * 10;
        const results = await Promise.allSettled([
          store.save(snapshot("race", from + 10, { by: "a" }), from),
          other.save(snapshot("race", from + 10, { by: "b" }), from),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(ProjectionConflictError);
        expect(lost.reason).toMatchObject({ projection: "race", expectedCheckpoint: from });
      }
      expect((await store.load("race"))?.checkpoint).toBe(105);
    } finally {
      await other.close();
    }
  });

  it("shares a pool with the event store and leaves it open", async () => {
    const events = await openPostgresStore({ connection: database.url, schema: "shared" });
    const shared = new PostgresProjectionStore({ connection: events.driver.pool, schema: "shared" });
    await shared.save(snapshot("shared", 3, ["å", "ä", "ö"]), null);
    await shared.close();
    expect(await events.readAll()).toEqual([]);
    await events.close();
  });

  it("keeps state exactly: extreme numbers, escapes, keys in canonical order; names of any length", async () => {
    const state = { big: 1e21, tiny: 5e-324, order: { z: 1, a: 2 }, text: 'å "q" \\u0000 \n 🎨' };
    const long = "漢".repeat(3000); // longer than a B-tree entry may be: the key is its hash
    await store.save(snapshot("exact", 1, state), null);
    await store.save(snapshot(long, 2, state), null);
    for (const name of ["exact", long]) {
      const loaded = await store.load(name);
      expect(loaded?.name).toBe(name);
      expect(loaded?.state).toEqual(state);
      expect(JSON.stringify(loaded?.state)).toBe(canonicalJson(state)); // the core writes JCS text
    }
    await store.delete(long);
    expect(await store.load(long)).toBeUndefined();
  });

  it("refuses bad input with InvalidStoreInputError, as core's checks say, and writes nothing", async () => {
    const bad: [string, unknown, unknown][] = [
      ["name", snapshot("", 1, {}), null],
      ["name", snapshot("nul\u0000name", 1, {}), null],
      ["checkpoint", snapshot("bad", -1, {}), null],
      ["version", { ...snapshot("bad", 1, {}), version: 1.5 }, null],
      ["state", { name: "bad", version: 1, checkpoint: 1, state: undefined }, null],
      ["state", snapshot("bad", 1, { text: "a\u0000b" }), null],
      ["state", snapshot("bad", 1, { n: 10n } as never), null],
      ["expectedCheckpoint", snapshot("bad", 1, {}), -2],
    ];
    for (const [field, input, expected] of bad) {
      const error = await store
        .save(input as ProjectionSnapshot, expected as number | null)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidStoreInputError);
      expect((error as InvalidStoreInputError).field).toMatch(new RegExp(`^${field}`));
    }
    expect(await store.load("bad")).toBeUndefined();
    await expect(store.load("")).rejects.toBeInstanceOf(InvalidStoreInputError);
  });

  it("refuses use after close", async () => {
    const closing = new PostgresProjectionStore({ connection: database.url, schema: "projections_test" });
    await closing.close();
    await expect(closing.load("x")).rejects.toBeInstanceOf(StoreClosedError);
    await expect(closing.save(snapshot("x", 1, {}), null)).rejects.toBeInstanceOf(StoreClosedError);
    await expect(closing.delete("x")).rejects.toBeInstanceOf(StoreClosedError);
  });
});
