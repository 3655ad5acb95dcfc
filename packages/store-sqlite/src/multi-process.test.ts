import { readEverything } from "@iop/store-testkit";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "./open-sqlite-store.js";
import { collectStderr, exited, nextMessage, spawnWorker } from "./test-workers/spawn.js";
import { tempDatabase } from "./test-workers/temp-db.js";

interface Done {
  type: "done";
  events: number;
  conflicts: number;
  raceActual: number | null;
}

const APPENDS = 150;
const STREAMS = 4;

describe("two processes appending to one file at once", () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  beforeEach(async () => {
    temp = await tempDatabase();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it("lose nothing, corrupt nothing, and conflict where versions collide", async () => {
    // Both workers open (and migrate) the same new file.
    const workers = ["0", "1"].map((id) => {
      const child = spawnWorker("./concurrent-writer.ts", [temp.path, id, String(APPENDS), String(STREAMS)]);
      return { id, child, stderr: collectStderr(child) };
    });
    await Promise.all(
      workers.map((w) => nextMessage(w.child, (m: { type: string }) => m.type === "ready", w.stderr)),
    );
    const done = workers.map((w) => nextMessage<Done>(w.child, (m) => m.type === "done", w.stderr));
    for (const w of workers) w.child.send("go");
    const reports = (await Promise.all(done)) as [Done, Done];
    const exits = await Promise.all(workers.map((w) => exited(w.child)));
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);

    // Exactly one worker created "race"; the other was told it already existed at version 1.
    expect(reports.map((r) => r.raceActual).sort()).toEqual([1, null]);
    // Both start believing every shared stream is new, so whoever is second to each stream is
    // refused at least once: at least one conflict per stream.
    expect(reports[0].conflicts + reports[1].conflicts).toBeGreaterThanOrEqual(STREAMS);

    const store = await openSqliteStore({ path: temp.path });
    const all = await readEverything(store);
    const counted = all.filter((e) => e.type === "Counted");
    expect(counted).toHaveLength(reports[0].events + reports[1].events);
    expect(all.filter((e) => e.streamId === "race")).toHaveLength(1);

    // Every event of every worker is there exactly once.
    for (const [i, w] of workers.entries()) {
      const seqs = counted
        .map((e) => e.data as { worker: string; seq: number })
        .filter((d) => d.worker === w.id)
        .map((d) => d.seq)
        .sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: (reports[i] as Done).events }, (_, k) => k));
    }

    // Global positions strictly increase; each stream is contiguous from 1.
    const positions = all.map((e) => e.globalPosition);
    expect(positions.every((p, i) => i === 0 || p > (positions[i - 1] as number))).toBe(true);
    for (let s = 0; s < STREAMS; s++) {
      const stream = await store.readStream(`shared-${s}`);
      expect(stream.map((e) => e.streamVersion)).toEqual(stream.map((_, k) => k + 1));
      // A stream's events keep each batch together and in order.
      const fromAll = all.filter((e) => e.streamId === `shared-${s}`);
      expect(fromAll.map((e) => e.eventId)).toEqual(stream.map((e) => e.eventId));
    }
    await store.close();

    const db = new Database(temp.path, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
  }, 120_000);
});
