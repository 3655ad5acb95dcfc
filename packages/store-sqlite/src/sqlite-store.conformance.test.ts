import { describeEventStoreConformance, describeProjectionStoreConformance } from "@iop/store-testkit";
import Database from "better-sqlite3";
import { openSqliteStore, type SqliteStore } from "./open-sqlite-store.js";
import { tempDatabase } from "./test-workers/temp-db.js";

// Each harness has its own file in a fresh temporary directory; `connectAnother` opens another
// connection to that file, so the suite's concurrent writers are real SQLite connections.
describeEventStoreConformance("SQLite", async () => {
  const temp = await tempDatabase();
  const stores: SqliteStore[] = [await openSqliteStore({ path: temp.path })];
  return {
    store: stores[0] as SqliteStore,
    async connectAnother() {
      const other = await openSqliteStore({ path: temp.path });
      stores.push(other);
      return other;
    },
    async dispose() {
      for (const store of stores) await store.close();
      await temp.remove();
    },
    async corruptEvent(streamId, streamVersion) {
      // Behind the store's back, through a connection of its own, as a hand edit would.
      const db = new Database(temp.path);
      try {
        const { changes } = db
          .prepare(`UPDATE events SET data = '{"broken' WHERE stream_id = ? AND stream_version = ?`)
          .run(streamId, streamVersion);
        if (changes !== 1) throw new Error(`no row ${streamId}@${streamVersion}`);
      } finally {
        db.close();
      }
    },
  };
});

describeProjectionStoreConformance("SQLite", async () => {
  const temp = await tempDatabase();
  const store = await openSqliteStore({ path: temp.path });
  return {
    store: store.projections,
    async dispose() {
      await store.close();
      await temp.remove();
    },
  };
});
