import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { StoreOpenError } from "@iop/core";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "./open-sqlite-store.js";
import { collectStderr, exited, nextMessage, spawnWorker } from "./test-workers/spawn.js";
import { tempDatabase } from "./test-workers/temp-db.js";

/** The error opening fails with, or a test failure when it opens. */
async function openFailure(options: Parameters<typeof openSqliteStore>[0]): Promise<StoreOpenError> {
  const error = await openSqliteStore(options).then(
    async (store) => {
      await store.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreOpenError);
  return error as StoreOpenError;
}

describe("opening an SQLite store that cannot be opened", () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  beforeEach(async () => {
    temp = await tempDatabase();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it("a folder given as path is not-a-store, saying it is a folder", async () => {
    for (const readOnly of [false, true]) {
      const error = await openFailure({ path: temp.dir, readOnly });
      expect(error.reason).toBe("not-a-store");
      expect(error.message).toContain(`${temp.dir} is a folder, not a database file`);
    }
    expect(readdirSync(temp.dir)).toEqual([]);
  });

  it("a missing folder is not-found, naming the folder to create, and nothing is created", async () => {
    const folder = join(temp.dir, "no", "such");
    for (const readOnly of [false, true]) {
      const error = await openFailure({ path: join(folder, "iop.db"), readOnly });
      expect(error.reason).toBe("not-found");
      expect(error.message).toContain(`the folder ${folder} does not exist; create it first`);
    }
    expect(readdirSync(temp.dir)).toEqual([]);
  });

  it("a path through a file is not-found, saying which part is a file", async () => {
    const file = join(temp.dir, "notes.txt");
    writeFileSync(file, "not a folder");
    const error = await openFailure({ path: join(file, "iop.db") });
    expect(error.reason).toBe("not-found");
    expect(error.message).toContain(`${file} is a file, not a folder`);
  });

  it("a missing file with create: false or readOnly is not-found, and is not created", async () => {
    const noCreate = await openFailure({ path: temp.path, create: false });
    expect(noCreate.reason).toBe("not-found");
    expect(noCreate.message).toContain(`no database file at ${temp.path}, and create is false`);
    const readOnly = await openFailure({ path: temp.path, readOnly: true });
    expect(readOnly.reason).toBe("not-found");
    expect(readOnly.message).toContain("readOnly opens an existing one only");
    expect(readdirSync(temp.dir)).toEqual([]);
  });

  it("a file that is not a database is not-a-store, and is left as it was", async () => {
    const text = "Protokoll från styrelsemötet, 12 mars: inget här är en databas.\n".repeat(20);
    writeFileSync(temp.path, text);
    for (const readOnly of [false, true]) {
      const error = await openFailure({ path: temp.path, readOnly });
      expect(error.reason).toBe("not-a-store");
      expect(error.message).toContain(`${temp.path} is not an SQLite database`);
      expect(error.message).toContain("SQLITE_NOTADB");
    }
    expect(readFileSync(temp.path, "utf8")).toBe(text);
    expect(readdirSync(temp.dir)).toEqual(["iop.db"]);
  });

  it("an SQLite database that holds no event store is not-a-store when opened read-only", async () => {
    const db = new Database(temp.path);
    db.exec("CREATE TABLE contacts (name TEXT)");
    db.close();
    const error = await openFailure({ path: temp.path, readOnly: true });
    expect(error.reason).toBe("not-a-store");
    expect(error.message).toContain("holds no event store");
  });

  it("a corrupt database file is not-a-store, saying it is corrupt", async () => {
    const store = await openSqliteStore({ path: temp.path });
    await store.append("kept", [{ type: "X", schemaVersion: 1, data: {} }], { expectedVersion: "no-stream" });
    await store.close();
    // Overwrite the schema table's page (page 1 after the 100-byte header), as a disk fault would.
    const fd = openSync(temp.path, "r+");
    writeSync(fd, Buffer.alloc(400, 0xab), 0, 400, 100);
    closeSync(fd);
    for (const readOnly of [false, true]) {
      const error = await openFailure({ path: temp.path, readOnly });
      expect(error.reason).toBe("not-a-store");
      expect(error.message).toMatch(/is a corrupt database file \(SQLITE_CORRUPT.*restore it from a backup/);
    }
  });

  const asRoot = process.getuid?.() === 0;
  (asRoot ? it : it.skip)(
    `a file or folder this process may not use is access-denied${asRoot ? "" : " — skipped: needs root to run a worker as another user"}`,
    async () => {
      // The worker runs as `nobody`, who may read the folder but not the files.
      chmodSync(temp.dir, 0o755);
      const unreadable = join(temp.dir, "unreadable.db");
      const readableOnly = join(temp.dir, "readable.db");
      const closed = join(temp.dir, "closed");
      for (const path of [unreadable, readableOnly]) new Database(path).close();
      chmodSync(unreadable, 0o600);
      chmodSync(readableOnly, 0o644);
      mkdirSync(closed, { mode: 0o700 });
      const attempts = [
        { path: unreadable, readOnly: true },
        { path: readableOnly },
        { path: join(temp.dir, "new.db") },
        { path: join(closed, "iop.db"), readOnly: true },
      ];
      const child = spawnWorker("./open-failure.ts", [JSON.stringify(attempts)], { uid: 65534, gid: 65534 });
      const stderr = collectStderr(child);
      const { results } = await nextMessage<{ results: { name: string; reason: string; message: string }[] }>(
        child,
        () => true,
        stderr,
      );
      expect((await exited(child)).code, stderr()).toBe(0);
      expect(results.map((r) => [r.name, r.reason])).toEqual(
        attempts.map(() => ["StoreOpenError", "access-denied"]),
      );
      expect(results.map((r) => r.message)).toEqual([
        expect.stringContaining(`${unreadable} may not be read by this process (EACCES)`),
        expect.stringContaining(`${readableOnly} may not be written by this process (EACCES)`),
        expect.stringContaining(`the folder ${temp.dir} may not be written by this process (EACCES)`),
        expect.stringContaining(`${join(closed, "iop.db")} is in a folder this process may not search`),
      ]);
      expect(existsSync(join(temp.dir, "new.db"))).toBe(false);
    },
    60_000,
  );
});
