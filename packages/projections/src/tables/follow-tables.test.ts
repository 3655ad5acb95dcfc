import { husbyHistory } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { registerProjection } from "../built-in/register.js";
import { runLive } from "../run-live.js";
import { businessDatePlus, recordWith, SteppingClock } from "../test-support/record.js";
import { registerTables } from "./built-in/register-table.js";
import type { TablesCatchUpResult } from "./catch-up-tables.js";
import { followTables } from "./follow-tables.js";
import { loadTableState } from "./load-table-state.js";

describe("followTables", () => {
  it("keeps the tables up to date as events arrive, and stops between batches when asked", async () => {
    // Given a store with the first half of the Husby history and a runner following it
    const clock = new SteppingClock();
    const store = createMemoryStore({ clock: clock.read });
    const tables = store.tables;
    if (tables === undefined) throw new Error("the memory store keeps tables");
    const half = Math.floor(husbyHistory.length / 2);
    await recordWith(store, clock, husbyHistory.slice(0, half), businessDatePlus(1));
    const stop = new AbortController();
    const caughtUp: TablesCatchUpResult[] = [];
    let notify: () => void = () => {};
    const running = followTables(
      [registerTables],
      { events: store, tables },
      {
        signal: stop.signal,
        pollIntervalMs: 5,
        batchSize: 2,
        onCatchUp: (_name, result) => {
          caughtUp.push(result);
          notify();
        },
      },
    );
    const next = () => new Promise<void>((resolve) => (notify = resolve));
    await next();
    expect(caughtUp[0]).toMatchObject({ published: true, rebuilt: true });
    // When the rest of the history is recorded
    const arrived = next();
    await recordWith(store, clock, husbyHistory.slice(half), businessDatePlus(1));
    await arrived;
    // Then the runner catches up on its own, in the live tables
    await new Promise((resolve) => setTimeout(resolve, 30));
    stop.abort();
    await running;
    expect(caughtUp.at(-1)?.rebuilt).toBe(false);
    expect((await loadTableState(tables, registerTables)).state).toEqual(
      await runLive(registerProjection, store),
    );
  });

  it("resolves at once for an aborted signal, and refuses a bad interval", async () => {
    const store = createMemoryStore();
    const tables = store.tables;
    if (tables === undefined) throw new Error("the memory store keeps tables");
    const stop = new AbortController();
    stop.abort();
    await expect(
      followTables([registerTables], { events: store, tables }, { signal: stop.signal }),
    ).resolves.toBeUndefined();
    await expect(
      followTables(
        [registerTables],
        { events: store, tables },
        { signal: new AbortController().signal, pollIntervalMs: 0 },
      ),
    ).rejects.toThrow(RangeError);
  });
});
