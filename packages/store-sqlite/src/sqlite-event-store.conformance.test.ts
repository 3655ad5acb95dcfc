import type { EventStore } from "@iop/core";
import { describeEventStoreConformance, describeProjectionStoreConformance } from "@iop/store-testkit";
import { openSqliteEventStore, type SqliteEventStore } from "./sqlite-event-store.js";
import { tempDatabase } from "./test-workers/temp-db.js";

// Each harness has its own file in a fresh temporary directory; `connectAnother` opens another
// connection to that file, so the suite's concurrent writers are real SQLite connections.
describeEventStoreConformance("SQLite", async () => {
  const temp = await tempDatabase();
  const stores: SqliteEventStore[] = [await openSqliteEventStore({ path: temp.path })];
  return {
    store: stores[0] as EventStore,
    async connectAnother() {
      const other = await openSqliteEventStore({ path: temp.path });
      stores.push(other);
      return other;
    },
    async dispose() {
      for (const store of stores) await store.close();
      await temp.remove();
    },
  };
});

describeProjectionStoreConformance("SQLite", async () => {
  const temp = await tempDatabase();
  const events = await openSqliteEventStore({ path: temp.path });
  return {
    store: events.projections(),
    async dispose() {
      await events.close();
      await temp.remove();
    },
  };
});
