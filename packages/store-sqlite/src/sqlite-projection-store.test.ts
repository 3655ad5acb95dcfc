import { InvalidStoreInputError, ProjectionConflictError } from "@iop/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore, type SqliteStore } from "./open-sqlite-store.js";
import { tempDatabase } from "./test-workers/temp-db.js";

describe("SqliteProjectionStore", () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  let store: SqliteStore;
  beforeEach(async () => {
    temp = await tempDatabase();
    store = await openSqliteStore({ path: temp.path });
  });
  afterEach(async () => {
    await store.close();
    await temp.remove();
  });

  it("is one instance per event store", () => {
    expect(store.projections).toBe(store.projections);
  });

  it("saves, loads and moves a snapshot from checkpoint to checkpoint", async () => {
    const projections = store.projections;
    expect(await projections.load("register")).toBeUndefined();
    await projections.save({ name: "register", version: 1, checkpoint: 5, state: { å: ["ö", 1] } }, null);
    expect(await projections.load("register")).toEqual({
      name: "register",
      version: 1,
      checkpoint: 5,
      state: { å: ["ö", 1] },
    });
    await projections.save({ name: "register", version: 2, checkpoint: 9, state: null }, 5);
    expect(await projections.load("register")).toEqual({
      name: "register",
      version: 2,
      checkpoint: 9,
      state: null,
    });
  });

  it("refuses a save from a stale checkpoint and keeps the stored snapshot", async () => {
    const projections = store.projections;
    await projections.save({ name: "p", version: 1, checkpoint: 3, state: "first" }, null);
    await expect(
      projections.save({ name: "p", version: 1, checkpoint: 4, state: "x" }, null),
    ).rejects.toBeInstanceOf(ProjectionConflictError);
    await expect(
      projections.save({ name: "p", version: 1, checkpoint: 4, state: "x" }, 2),
    ).rejects.toMatchObject({
      constructor: ProjectionConflictError,
      projection: "p",
      expectedCheckpoint: 2,
    });
    await expect(
      projections.save({ name: "unknown", version: 1, checkpoint: 4, state: "x" }, 3),
    ).rejects.toBeInstanceOf(ProjectionConflictError);
    expect(await projections.load("p")).toMatchObject({ checkpoint: 3, state: "first" });
    expect(await projections.load("unknown")).toBeUndefined();
  });

  it("lets exactly one of two runners win from the same checkpoint, across connections", async () => {
    const other = await openSqliteStore({ path: temp.path });
    await store.projections.save({ name: "race", version: 1, checkpoint: 1, state: 0 }, null);
    const results = await Promise.allSettled([
      store.projections.save({ name: "race", version: 1, checkpoint: 2, state: "a" }, 1),
      other.projections.save({ name: "race", version: 1, checkpoint: 3, state: "b" }, 1),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const loaded = await other.projections.load("race");
    expect(loaded?.state).toBe(results[0]?.status === "fulfilled" ? "a" : "b");
    await other.close();
  });

  it("deletes, after which a save expects nothing stored", async () => {
    const projections = store.projections;
    await projections.save({ name: "d", version: 1, checkpoint: 7, state: {} }, null);
    await projections.delete("d");
    await projections.delete("d");
    expect(await projections.load("d")).toBeUndefined();
    await expect(
      projections.save({ name: "d", version: 1, checkpoint: 8, state: {} }, 7),
    ).rejects.toBeInstanceOf(ProjectionConflictError);
    await projections.save({ name: "d", version: 1, checkpoint: 1, state: {} }, null);
  });

  it("persists snapshots in the database file", async () => {
    await store.projections.save({ name: "durable", version: 4, checkpoint: 12, state: { n: 1 } }, null);
    await store.close();
    store = await openSqliteStore({ path: temp.path });
    expect(await store.projections.load("durable")).toEqual({
      name: "durable",
      version: 4,
      checkpoint: 12,
      state: { n: 1 },
    });
  });

  it("refuses bad snapshots with InvalidStoreInputError", async () => {
    const projections = store.projections;
    const bad = [
      [{ name: "", version: 1, checkpoint: 0, state: {} }, null],
      [{ name: "p", version: 1.5, checkpoint: 0, state: {} }, null],
      [{ name: "p", version: 1, checkpoint: -1, state: {} }, null],
      [{ name: "p", version: 1, checkpoint: 0, state: undefined }, null],
      [{ name: "p", version: 1, checkpoint: 0, state: {} }, -2],
    ] as const;
    for (const [snapshot, expected] of bad)
      await expect(projections.save(snapshot as never, expected)).rejects.toBeInstanceOf(
        InvalidStoreInputError,
      );
    expect(await projections.load("p")).toBeUndefined();
  });
});
