import { describeProjectionTablesConformance } from "@iop/store-testkit";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openSqliteStore } from "./open-sqlite-store.js";
import { tempDatabase } from "./test-workers/temp-db.js";

// `second` is another connection to the same file: what a second process, or a city's SQL
// client, sees.
describeProjectionTablesConformance("SQLite", async () => {
  const temp = await tempDatabase();
  const store = await openSqliteStore({ path: temp.path });
  const other = await openSqliteStore({ path: temp.path });
  if (store.tables === undefined || other.tables === undefined)
    throw new Error("SQLite keeps projection tables");
  return {
    tables: store.tables,
    second: other.tables,
    async dispose() {
      await store.close();
      await other.close();
      await temp.remove();
    },
  };
});

describe("SQLite projection tables, seen from plain SQL", () => {
  const register = {
    name: "husby_register",
    group: "agreement_id",
    key: [],
    columns: [
      { name: "agreement_id", type: "text" },
      { name: "granted_kronor", type: "integer" },
      { name: "in_force", type: "boolean" },
      { name: "granted_on", type: "date" },
    ],
  } as const;

  it("answers a city's query on the view, and shows a rebuild only once it is published", async () => {
    const temp = await tempDatabase();
    const store = await openSqliteStore({ path: temp.path });
    const tables = store.tables;
    if (tables === undefined) throw new Error("SQLite keeps projection tables");
    const reader = new Database(temp.path, { readonly: true });
    const query = () =>
      reader
        .prepare(
          "SELECT agreement_id, granted_kronor FROM husby_register WHERE granted_kronor > 100000 ORDER BY 1",
        )
        .all();
    try {
      await tables.prepare("husby", 1, [register]);
      const row = (id: string, kronor: number) => ({
        agreement_id: id,
        granted_kronor: kronor,
        in_force: true,
        granted_on: "2022-03-24",
      });
      await tables.commit(
        "husby",
        { generation: 1, schemas: [register] },
        {
          expectedCheckpoint: 0,
          checkpoint: 3,
          changes: [
            { group: "husby-2022", state: {}, rows: { husby_register: [row("husby-2022", 324_000)] } },
            { group: "husby-2019", state: {}, rows: { husby_register: [row("husby-2019", 90_000)] } },
          ],
        },
      );
      await tables.publish("husby", 1);
      expect(query()).toEqual([{ agreement_id: "husby-2022", granted_kronor: 324_000 }]);

      await tables.prepare("husby", 2, [register]);
      await tables.commit(
        "husby",
        { generation: 2, schemas: [register] },
        {
          expectedCheckpoint: 0,
          checkpoint: 3,
          changes: [
            { group: "husby-2023", state: {}, rows: { husby_register: [row("husby-2023", 400_000)] } },
          ],
        },
      );
      expect(query()).toEqual([{ agreement_id: "husby-2022", granted_kronor: 324_000 }]);
      await tables.publish("husby", 2);
      expect(query()).toEqual([{ agreement_id: "husby-2023", granted_kronor: 400_000 }]);
      // The old build's copy is gone, not left behind.
      const copies = reader
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'husby_register__g%'")
        .all();
      expect(copies).toEqual([{ name: "husby_register__g2" }]);
    } finally {
      reader.close();
      await store.close();
      await temp.remove();
    }
  });
});
