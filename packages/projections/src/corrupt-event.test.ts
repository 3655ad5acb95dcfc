import { agreementStreamId } from "@iop/core";
import { husbyAgreementIds, husbyHistory } from "@iop/fixtures";
import { openSqliteStore } from "@iop/store-sqlite";
import { describe, expect, it } from "vitest";
import { registerProjection } from "./built-in/register.js";
import { catchUp, loadProjection } from "./durable-runner.js";
import { runLive } from "./run-live.js";
import { registerTables } from "./tables/built-in/register-table.js";
import { catchUpTables } from "./tables/catch-up-tables.js";
import { recordWith, SteppingClock } from "./test-support/record.js";

describe("a corrupt stored event", () => {
  it("stops a live run and a durable one, which keeps what came before it", async () => {
    const clock = new SteppingClock();
    const store = await openSqliteStore({ path: ":memory:", clock: clock.read });
    try {
      await recordWith(store, clock, husbyHistory);
      // The 2022 grant broken behind the store's back, as a failing disk might.
      const broken = agreementStreamId(husbyAgreementIds.y2022);
      const row = store.driver.database
        .prepare(
          `UPDATE events SET data = '{"broken' WHERE stream_id = ? AND stream_version = 2 RETURNING global_position`,
        )
        .get(broken) as { global_position: number };

      await expect(runLive(registerProjection, store)).rejects.toMatchObject({ code: "CORRUPT_EVENT" });
      const stores = { events: store, projections: store.projections };
      await expect(catchUp(registerProjection, stores, { batchSize: 4 })).rejects.toMatchObject({
        code: "CORRUPT_EVENT",
        streamId: broken,
        streamVersion: 2,
        globalPosition: row.global_position,
      });
      // Every event before the corrupt one is folded and saved; the next run starts at it.
      expect((await loadProjection(registerProjection, store.projections))?.checkpoint).toBe(
        row.global_position - 1,
      );

      // A table build holds its states in memory and writes what it folded before it stops:
      // the next run starts at the corrupt event too.
      const tables = { events: store, tables: store.tables };
      await expect(catchUpTables(registerTables, tables, { batchSize: 4 })).rejects.toMatchObject({
        code: "CORRUPT_EVENT",
        globalPosition: row.global_position,
      });
      expect((await store.tables.catalog(registerTables.name)).building?.checkpoint).toBe(
        row.global_position - 1,
      );
    } finally {
      await store.close();
    }
  });
});
