import { statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { readEverything } from "@iop/store-testkit";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "./open-sqlite-store.js";
import { collectStderr, exited, spawnWorker } from "./test-workers/spawn.js";
import { tempDatabase } from "./test-workers/temp-db.js";

const BATCH = 200_000;
/** The uncommitted batch has clearly reached the disk once the WAL is this large. */
const WAL_BYTES_BEFORE_KILL = 8 * 1024 * 1024;

function walSize(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}

describe("a process killed in the middle of a large append", () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  beforeEach(async () => {
    temp = await tempDatabase();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it("leaves all of the batch or none of it, and a healthy file", async () => {
    const child = spawnWorker("./crash-writer.ts", [temp.path, String(BATCH)]);
    const stderr = collectStderr(child);
    let stdout = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      stdout += chunk;
    });
    const exit = exited(child);

    // Wait until the batch is being written (its pages are spilling into the WAL), then kill.
    let state: "waiting" | "exited" | "killed" = "waiting";
    void exit.then(() => {
      if (state === "waiting") state = "exited";
    });
    while (state === "waiting") {
      if (stdout.includes("appending") && walSize(temp.path) > WAL_BYTES_BEFORE_KILL) {
        state = "killed";
        child.kill("SIGKILL");
        break;
      }
      await sleep(2);
    }
    const outcome = await exit;
    expect(state, `worker exited on its own:\n${stderr()}`).toBe("killed");
    expect(outcome.signal).toBe("SIGKILL");
    expect(stdout).not.toContain("done");

    // SQLite recovers from the WAL on open: the batch's frames have no commit record.
    const store = await openSqliteStore({ path: temp.path });
    const huge = await store.readStream("huge");
    expect([0, BATCH]).toContain(huge.length);
    expect(huge.map((e) => e.streamVersion)).toEqual(huge.map((_, i) => i + 1));
    expect((await store.readStream("committed-before")).map((e) => e.streamVersion)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(await readEverything(store)).toHaveLength(10 + huge.length);
    // The stream carries on from where it really is.
    const next = await store.append("huge", [{ type: "After", schemaVersion: 1, data: {} }], {
      expectedVersion: huge.length,
    });
    expect(next.streamVersion).toBe(huge.length + 1);
    await store.close();

    const db = new Database(temp.path, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
  }, 120_000);
});
