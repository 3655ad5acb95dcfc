import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type IopStore, type NewEvent, StoreReadOnlyError } from "@iop/core";
import { readEverything } from "@iop/store-testkit";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UnsupportedSchemaVersionError } from "./errors.js";
import { migrate } from "./migrations.js";
import { openSqliteStore } from "./open-sqlite-store.js";
import { itWithTmpfs, mountTmpfs, type Tmpfs } from "./test-workers/mounts.js";
import { PRE_CHAIN_ROWS, PRE_CHAIN_SCHEMA, writePreChainStore } from "./test-workers/pre-chain-store.js";
import { tempDatabase } from "./test-workers/temp-db.js";

const events = (count: number, from = 0): NewEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    type: "DecisionRecorded",
    schemaVersion: 1,
    data: { n: from + i, body: "Stadsdelsnämnden" },
    metadata: { actor: "case-officer" },
  }));

/** Every write a read-only store must refuse, each with `StoreReadOnlyError`. */
async function expectWritesRefused(store: IopStore): Promise<void> {
  const refusals = [
    store.append("agreement", events(1), { expectedVersion: "any" }),
    store.append("new-stream", events(1), { expectedVersion: "no-stream" }),
    store.projections.save({ name: "register", version: 1, checkpoint: 99, state: {} }, 3),
    store.projections.save({ name: "other", version: 1, checkpoint: 1, state: {} }, null),
    store.projections.delete("register"),
  ];
  for (const refusal of refusals) {
    const error = await refusal.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreReadOnlyError);
    expect((error as Error).message).toContain("opened with readOnly: true");
  }
}

/** The bytes of every file in `dir`, to show nothing changed. */
function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f)).toString("base64")]));
}

describe("a store opened with readOnly: true", () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  beforeEach(async () => {
    temp = await tempDatabase();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it("reads, loads projections, sees a writer's new commits and refuses every write", async () => {
    const writer = await openSqliteStore({ path: temp.path });
    await writer.append("agreement", events(3), { expectedVersion: "no-stream" });
    await writer.projections.save({ name: "register", version: 1, checkpoint: 3, state: { n: 3 } }, null);
    const audit = await openSqliteStore({ path: temp.path, readOnly: true });
    expect(audit.driver.readOnly).toBe(true);
    expect((await audit.readStream("agreement")).map((e) => e.data)).toEqual(events(3).map((e) => e.data));
    expect(await audit.projections.load("register")).toMatchObject({ checkpoint: 3, state: { n: 3 } });
    await writer.append("agreement", events(2, 3), { expectedVersion: 3 });
    expect(await readEverything(audit)).toEqual(await readEverything(writer));
    await expectWritesRefused(audit);
    expect(await readEverything(audit)).toHaveLength(5);
    expect(await writer.projections.load("register")).toMatchObject({ checkpoint: 3 });
    await audit.close();
    await writer.close();
  });

  it("leaves a file's journal mode as it is", async () => {
    // A file in rollback-journal mode, as another tool might have left it.
    const raw = new Database(temp.path);
    migrate(raw);
    raw.close();
    const before = readFileSync(temp.path);
    expect(before[18]).toBe(1);
    const audit = await openSqliteStore({ path: temp.path, readOnly: true });
    expect(await readEverything(audit)).toEqual([]);
    await audit.close();
    expect(readFileSync(temp.path).equals(before)).toBe(true);
    expect(existsSync(`${temp.path}-wal`)).toBe(false);
    const check = new Database(temp.path, { readonly: true });
    expect(check.pragma("journal_mode", { simple: true })).toBe("delete");
    check.close();
  });
});

describe("a copy on read-only media", () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  let media: Tmpfs | undefined;
  beforeEach(async () => {
    temp = await tempDatabase();
  });
  afterEach(async () => {
    media?.remove();
    media = undefined;
    await temp.remove();
  });

  /** A store with events in two streams and a projection snapshot, closed (no -wal left). */
  async function original(): Promise<string> {
    const store = await openSqliteStore({ path: temp.path });
    await store.append("agreement-husby", events(4), { expectedVersion: "no-stream" });
    await store.append("agreement-rinkeby", events(2), { expectedVersion: "no-stream" });
    await store.append("agreement-husby", events(1, 4), { expectedVersion: 4 });
    await store.projections.save(
      { name: "register", version: 2, checkpoint: 7, state: { agreements: 2 } },
      null,
    );
    await store.close();
    return temp.path;
  }

  /** Copies `files` of the original's folder onto a fresh tmpfs and makes it read-only. */
  function copyToReadOnlyMedia(files: readonly string[]): string {
    media = mountTmpfs("8m");
    for (const file of files) copyFileSync(join(temp.dir, file), join(media.dir, file));
    media.makeReadOnly();
    return join(media.dir, "iop.db");
  }

  itWithTmpfs(
    "of a WAL-mode file alone can be read and audited, and refuses writes with StoreReadOnlyError",
    async () => {
      const source = await openSqliteStore({ path: await original(), readOnly: true });
      const expected = await readEverything(source);
      await source.close();
      expect(readdirSync(temp.dir)).toContain("iop.db");
      expect(readFileSync(temp.path)[18]).toBe(2);
      const path = copyToReadOnlyMedia(["iop.db"]);
      const before = filesOf(media?.dir as string);

      const audit = await openSqliteStore({ path, readOnly: true });
      expect(await readEverything(audit)).toEqual(expected);
      expect((await audit.readStream("agreement-husby")).map((e) => e.streamVersion)).toEqual([
        1, 2, 3, 4, 5,
      ]);
      expect(
        (await audit.readStream("agreement-husby", { direction: "backwards", limit: 1 }))[0],
      ).toMatchObject({
        streamVersion: 5,
        data: { n: 4 },
      });
      expect(await audit.projections.load("register")).toEqual({
        name: "register",
        version: 2,
        checkpoint: 7,
        state: { agreements: 2 },
      });
      await expectWritesRefused(audit);
      await audit.close();
      expect(filesOf(media?.dir as string)).toEqual(before);

      // Opened for writing, it says the media is read-only, and what to do.
      for (const create of [true, false]) {
        const error = await openSqliteStore({ path, create }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreReadOnlyError);
        expect((error as Error).message).toContain(`${path} is on read-only media (EROFS)`);
        expect((error as Error).message).toContain("read-only to audit");
      }
    },
    60_000,
  );

  itWithTmpfs(
    "with its -wal and -shm files reads the commits not yet checkpointed into the file",
    async () => {
      const writer = await openSqliteStore({ path: temp.path });
      writer.driver.database.pragma("wal_autocheckpoint = 0");
      await writer.append("agreement", events(3), { expectedVersion: "no-stream" });
      // Copied while the writer has it open: the events are in the -wal file only.
      const path = copyToReadOnlyMedia(["iop.db", "iop.db-wal", "iop.db-shm"]);
      const expected = await readEverything(writer);
      await writer.close();

      const audit = await openSqliteStore({ path, readOnly: true });
      expect(await readEverything(audit)).toEqual(expected);
      expect(expected).toHaveLength(3);
      await expectWritesRefused(audit);
      await audit.close();
    },
    60_000,
  );

  itWithTmpfs(
    "of a file before the hash chain is refused, not migrated in memory, saying how to upgrade it",
    async () => {
      // Read into memory (a WAL-mode file alone), it still holds no hashes: sealing that copy
      // would show an auditor a chain the file does not hold.
      writePreChainStore(temp.path, PRE_CHAIN_ROWS);
      expect(readFileSync(temp.path)[18]).toBe(2);
      const path = copyToReadOnlyMedia(["iop.db"]);
      const before = filesOf(media?.dir as string);
      const error = await openSqliteStore({ path, readOnly: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedSchemaVersionError);
      expect(error).toMatchObject({ found: PRE_CHAIN_SCHEMA });
      expect((error as Error).message).toContain("a copy on writable media will do");
      expect(filesOf(media?.dir as string)).toEqual(before);
    },
    60_000,
  );

  itWithTmpfs(
    "with a -wal file but no -shm is refused with StoreReadOnlyError saying which file to copy",
    async () => {
      const writer = await openSqliteStore({ path: temp.path });
      writer.driver.database.pragma("wal_autocheckpoint = 0");
      await writer.append("agreement", events(3), { expectedVersion: "no-stream" });
      const path = copyToReadOnlyMedia(["iop.db", "iop.db-wal"]);
      await writer.close();

      const error = await openSqliteStore({ path, readOnly: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreReadOnlyError);
      expect((error as Error).message).toContain(`${path}-wal cannot be read without ${path}-shm beside it`);
    },
    60_000,
  );
});
