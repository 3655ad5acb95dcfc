import { type ProjectionTables, StoreReadOnlyError, type TableSchema } from "@iop/core";
import { sampleEvents } from "@iop/store-testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore, type PostgresStore } from "./open-postgres-store.js";
import type { TestDatabase } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

let database: TestDatabase;
let admin: pg.Client;

beforeAll(async () => {
  database = await useTestDatabase("read_only");
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await database?.drop();
});

/** Sessions opened from now on run read-only transactions, as on a hot standby. */
async function setReadOnly(on: boolean): Promise<void> {
  // A database name is an identifier, never a parameter; the test database's is [a-z0-9_] only.
  await admin.query(
    on
      ? `ALTER DATABASE "${database.name}" SET default_transaction_read_only = on`
      : `ALTER DATABASE "${database.name}" RESET default_transaction_read_only`,
  );
}

const summary = { name: "summary", version: 1, checkpoint: 2, state: { n: 2 } };
const register: TableSchema = {
  name: "iop_register",
  group: "agreement_id",
  key: [],
  columns: [
    { name: "agreement_id", type: "text" },
    { name: "granted_kronor", type: "integer" },
  ],
};
const husby = { agreement_id: "husby-konst-2022", granted_kronor: 324_000 };

function tablesOf(store: PostgresStore): ProjectionTables {
  if (store.tables === undefined) throw new Error("the PostgreSQL store has no tables");
  return store.tables;
}

describe("a database whose transactions are read-only", () => {
  it("reads, refuses every write with StoreReadOnlyError and writes nothing", async () => {
    const writer = await openPostgresStore({ connection: database.url });
    await writer.append("agreement-1", sampleEvents(2), { expectedVersion: "no-stream" });
    await writer.projections.save(summary, null);
    const built = tablesOf(writer);
    await built.prepare("register", 1, [register]);
    const commitRegister = (tables: ProjectionTables, kronor: number) =>
      tables.commit(
        "register",
        { generation: 1, schemas: [register] },
        {
          expectedCheckpoint: 0,
          checkpoint: 1,
          changes: [
            {
              group: husby.agreement_id,
              state: null,
              rows: { iop_register: [{ ...husby, granted_kronor: kronor }] },
            },
          ],
        },
      );
    await commitRegister(built, husby.granted_kronor);
    await built.publish("register", 1);
    await writer.close();

    await setReadOnly(true);
    try {
      // Migrating is writing: opening with migrations on says so.
      const migrating = await openPostgresStore({ connection: database.url }).catch((e: unknown) => e);
      expect(migrating).toBeInstanceOf(StoreReadOnlyError);
      expect(migrating).toMatchObject({ cause: expect.objectContaining({ code: "25006" }) });

      const reader = await openPostgresStore({ connection: database.url, migrate: false });
      expect(await reader.readStream("agreement-1")).toHaveLength(2);
      expect(await reader.readAll()).toHaveLength(2);
      expect(await reader.projections.load("summary")).toEqual(summary);

      const appended = await reader
        .append("agreement-1", sampleEvents(1), { expectedVersion: 2 })
        .catch((e: unknown) => e);
      expect(appended).toBeInstanceOf(StoreReadOnlyError);
      expect(appended).toMatchObject({ cause: expect.objectContaining({ code: "25006" }) });
      await expect(
        reader.append("agreement-2", sampleEvents(1), { expectedVersion: "no-stream" }),
      ).rejects.toBeInstanceOf(StoreReadOnlyError);
      await expect(reader.projections.save({ ...summary, checkpoint: 3 }, 2)).rejects.toBeInstanceOf(
        StoreReadOnlyError,
      );
      await expect(reader.projections.delete("summary")).rejects.toBeInstanceOf(StoreReadOnlyError);
      await expect(reader.driver.migrate()).rejects.toBeInstanceOf(StoreReadOnlyError);
      const tables = tablesOf(reader);
      expect(await tables.select(register)).toEqual([husby]);
      await expect(tables.prepare("register", 2, [register])).rejects.toBeInstanceOf(StoreReadOnlyError);
      await expect(commitRegister(tables, 1)).rejects.toBeInstanceOf(StoreReadOnlyError);
      await expect(tables.drop("register")).rejects.toBeInstanceOf(StoreReadOnlyError);
      expect(await reader.readAll()).toHaveLength(2);
      await reader.close();
    } finally {
      await setReadOnly(false);
    }

    // Writable again: everything is as it was, and writes go on where they stopped.
    const again = await openPostgresStore({ connection: database.url });
    expect(await again.projections.load("summary")).toEqual(summary);
    expect(await tablesOf(again).select(register)).toEqual([husby]);
    expect(await again.readStream("agreement-2")).toEqual([]);
    await expect(again.append("agreement-1", sampleEvents(1), { expectedVersion: 2 })).resolves.toMatchObject(
      {
        streamVersion: 3,
      },
    );
    await again.close();
  });
});
