import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type NewEvent, type StoredEvent, StoreFullError } from "@iop/core";
import { readEverything } from "@iop/store-testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore, type SqliteStore } from "./open-sqlite-store.js";
import { itWithTmpfs, mountTmpfs, type Tmpfs } from "./test-workers/mounts.js";
import { tempDatabase } from "./test-workers/temp-db.js";

const STREAMS = 3;
/** Events per batch: a 16-row and a 4-row insert, so a batch can fail after its first chunk. */
const BATCH = 20;

function batch(stream: number, from: number): NewEvent[] {
  return Array.from({ length: BATCH }, (_, i) => ({
    type: "PeriodReported",
    schemaVersion: 1,
    data: { stream, n: from + i, report: `Aktiviteter i Husby, period ${from + i}: `.padEnd(700, "x") },
  }));
}

/** What a run of appends up to a full disk left acknowledged. */
interface Filled {
  readonly acknowledged: Map<string, number>;
  readonly full: unknown;
}

/** Appends batches round the streams until one fails, which is what the disk being full should do. */
async function fillUp(store: SqliteStore): Promise<Filled> {
  const acknowledged = new Map<string, number>();
  for (let i = 0; i < 10_000; i++) {
    const streamId = `stream-${i % STREAMS}`;
    const version = acknowledged.get(streamId) ?? 0;
    try {
      const result = await store.append(streamId, batch(i % STREAMS, version), { expectedVersion: version });
      acknowledged.set(streamId, result.streamVersion);
    } catch (full) {
      return { acknowledged, full };
    }
  }
  throw new Error("the store never filled up");
}

/** Every stored event is one acknowledged, and every acknowledged one is stored, in order. */
function expectExactly(all: readonly StoredEvent[], acknowledged: Map<string, number>): void {
  for (let s = 0; s < STREAMS; s++) {
    const streamId = `stream-${s}`;
    const versions = all.filter((e) => e.streamId === streamId).map((e) => e.streamVersion);
    const count = acknowledged.get(streamId) ?? 0;
    expect(versions).toEqual(Array.from({ length: count }, (_, k) => k + 1));
    expect(all.filter((e) => e.streamId === streamId).map((e) => (e.data as { n: number }).n)).toEqual(
      Array.from({ length: count }, (_, k) => k),
    );
  }
  expect(all).toHaveLength([...acknowledged.values()].reduce((a, b) => a + b, 0));
}

describe("a full disk", () => {
  let tmpfs: Tmpfs | undefined;
  afterEach(() => {
    tmpfs?.remove();
    tmpfs = undefined;
  });

  itWithTmpfs(
    "on a real small tmpfs: StoreFullError, nothing of the batch kept, nothing acknowledged lost",
    async () => {
      tmpfs = mountTmpfs("768k");
      const path = join(tmpfs.dir, "iop.db");
      // Room to free once the disk is full, as an operator would.
      const ballast = join(tmpfs.dir, "ballast");
      writeFileSync(ballast, Buffer.alloc(128 * 1024, 1));
      const store = await openSqliteStore({ path });
      const { acknowledged, full } = await fillUp(store);
      expect(full).toBeInstanceOf(StoreFullError);
      expect((full as Error).message).toMatch(
        /SQLITE_FULL.*free disk space, then retry — nothing was written/,
      );
      expect([...acknowledged.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(BATCH * STREAMS);
      // Still full: refused again, whole.
      await expect(store.append("stream-0", batch(0, 0), { expectedVersion: "any" })).rejects.toBeInstanceOf(
        StoreFullError,
      );
      expectExactly(await readEverything(store), acknowledged);
      await store.close();

      // Reopened on the still full disk, then read-only: everything acknowledged is there.
      const reopened = await openSqliteStore({ path });
      expectExactly(await readEverything(reopened), acknowledged);
      await reopened.close();
      const audit = await openSqliteStore({ path, readOnly: true });
      expectExactly(await readEverything(audit), acknowledged);
      await audit.close();

      // Space freed: the store takes appends again, after the acknowledged ones.
      rmSync(ballast);
      const again = await openSqliteStore({ path });
      const version = acknowledged.get("stream-0") ?? 0;
      const next = await again.append("stream-0", batch(0, version), { expectedVersion: version });
      expect(next.streamVersion).toBe(version + BATCH);
      acknowledged.set("stream-0", next.streamVersion);
      expectExactly(await readEverything(again), acknowledged);
      await again.close();
    },
    120_000,
  );
});

describe("a database at its page limit (PRAGMA max_page_count)", () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  beforeEach(async () => {
    temp = await tempDatabase();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it("fails with StoreFullError, keeps nothing of the batch and loses nothing acknowledged", async () => {
    const store = await openSqliteStore({ path: temp.path });
    const db = store.driver.database;
    // The limit holds for this connection only: SQLite's own SQLITE_FULL, on any disk.
    const pages = db.pragma("page_count", { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 40}`);
    const { acknowledged, full } = await fillUp(store);
    expect(full).toBeInstanceOf(StoreFullError);
    expect((full as Error).message).toContain("SQLITE_FULL");
    expect([...acknowledged.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(BATCH * STREAMS);
    expectExactly(await readEverything(store), acknowledged);
    await store.close();

    // A new connection has no such limit: everything acknowledged is there, and appends go on.
    const reopened = await openSqliteStore({ path: temp.path });
    expectExactly(await readEverything(reopened), acknowledged);
    const version = acknowledged.get("stream-1") ?? 0;
    const next = await reopened.append("stream-1", batch(1, version), { expectedVersion: version });
    expect(next.streamVersion).toBe(version + BATCH);
    await reopened.close();
  }, 60_000);
});
