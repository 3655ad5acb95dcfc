import {
  InvalidStoreInputError,
  ProjectionTables,
  StoreClosedError,
  StoreDriverError,
  StoreUnavailableError,
  type TableRow,
  type TableSchema,
} from "@iop/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore, type PostgresStore } from "./open-postgres-store.js";
import { PostgresTablesDriver } from "./postgres-tables-driver.js";
import type { TestDatabase } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

const schema = "city";
let database: TestDatabase;
let store: PostgresStore;
let tables: ProjectionTables;
/** A reader of the city's own: plain `pg`, plain SQL, global type parsers. */
let reader: pg.Pool;

beforeAll(async () => {
  database = await useTestDatabase("tables");
  store = await openPostgresStore({ connection: database.url, schema });
  if (store.tables === undefined) throw new Error("the PostgreSQL store has no tables");
  tables = store.tables;
  reader = new pg.Pool({ connectionString: database.url, max: 2 });
});
afterAll(async () => {
  await store?.close();
  await reader?.end();
  await database?.drop();
});

let counter = 0;
function register(): TableSchema {
  counter += 1;
  return {
    name: `iop_register_${counter}`,
    group: "agreement_id",
    key: [],
    columns: [
      { name: "agreement_id", type: "text" },
      { name: "organisation_number", type: "text" },
      { name: "granted_kronor", type: "integer", nullable: true },
      { name: "decided_on", type: "date", nullable: true },
      { name: "recorded_at", type: "instant" },
      { name: "doc", type: "json" },
    ],
    indexes: [["organisation_number"]],
  };
}

/** Husby Konst- och Hantverksförening's 2022 agreement, granted 324 000 kronor on 2022-03-24. */
const husby = (kronor: number | null): TableRow => ({
  agreement_id: "husby-konst-2022",
  organisation_number: "802400-1235",
  granted_kronor: kronor,
  decided_on: kronor === null ? null : "2022-03-24",
  recorded_at: "2022-03-28T09:15:00.000Z",
  doc: { organisation: "Husby Konst- och Hantverksförening" },
});
const spanga: TableRow = {
  agreement_id: "spanga-2022",
  organisation_number: "802500-4411",
  granted_kronor: 60_000,
  decided_on: "2022-02-10",
  recorded_at: "2022-02-11T08:00:00.000Z",
  doc: {},
};

/** Builds `table` for `projection` from scratch with `rows`, one group each, and publishes it. */
async function publishBuild(projection: string, version: number, table: TableSchema, rows: TableRow[]) {
  const build = await tables.prepare(projection, version, [table], { rebuild: true });
  await tables.commit(
    projection,
    { generation: build.generation, schemas: [table] },
    {
      expectedCheckpoint: 0,
      checkpoint: rows.length,
      changes: rows.map((row) => ({
        group: String(row.agreement_id),
        state: { n: 1 },
        rows: { [table.name]: [row] },
      })),
    },
  );
  await tables.publish(projection, build.generation);
  return build.generation;
}

const plainRead = async (sql: string) => (await reader.query(sql)).rows;

describe("PostgreSQL projection tables, as a city's SQL sees them", () => {
  it("answers plain SQL on the view, with native column types", async () => {
    const table = register();
    await publishBuild("register-sql", 1, table, [husby(324_000), spanga]);
    expect(
      await plainRead(`SELECT agreement_id FROM ${schema}.${table.name} WHERE granted_kronor > 100000`),
    ).toEqual([{ agreement_id: "husby-konst-2022" }]);
    expect(
      await plainRead(
        `SELECT agreement_id FROM ${schema}.${table.name} WHERE decided_on < DATE '2022-03-01' AND doc = '{}'::jsonb`,
      ),
    ).toEqual([{ agreement_id: "spanga-2022" }]);
    const columns = await plainRead(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = '${schema}' AND table_name = '${table.name}' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => `${c.column_name} ${c.data_type}`)).toEqual([
      "agreement_id text",
      "organisation_number text",
      "granted_kronor bigint",
      "decided_on date",
      "recorded_at timestamp with time zone",
      "doc jsonb",
    ]);
  });

  it("keeps a rebuild's rows from plain SQL readers until it is published", async () => {
    const table = register();
    const projection = "register-rebuild";
    await publishBuild(projection, 1, table, [husby(324_000)]);
    const build = await tables.prepare(projection, 2, [table]);
    await tables.commit(
      projection,
      { generation: build.generation, schemas: [table] },
      {
        expectedCheckpoint: 0,
        checkpoint: 5,
        changes: [{ group: "husby-konst-2022", state: null, rows: { [table.name]: [husby(400_000)] } }],
      },
    );
    const granted = `SELECT granted_kronor FROM ${schema}.${table.name}`;
    expect(await plainRead(granted)).toEqual([{ granted_kronor: "324000" }]);
    await tables.publish(projection, build.generation);
    expect(await plainRead(granted)).toEqual([{ granted_kronor: "400000" }]);
    // The old build's copy is gone; only the view and the live copy remain.
    const relations = await plainRead(
      `SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE nspname = '${schema}' AND relname LIKE '${table.name}%' AND relkind IN ('r', 'v') ORDER BY relname`,
    );
    expect(relations.map((r) => r.relname)).toEqual([table.name, `${table.name}__g${build.generation}`]);
  });

  it("keeps a user's own view and grants on a table across rebuilds that keep or add columns", async () => {
    const table = register();
    const projection = "register-user-view";
    await publishBuild(projection, 1, table, [husby(324_000)]);
    const userView = `${schema}.large_grants_${counter}`;
    await reader.query(
      `CREATE VIEW ${userView} AS SELECT agreement_id FROM ${schema}.${table.name} WHERE granted_kronor > 100000`,
    );
    await reader.query(`GRANT SELECT ON ${schema}.${table.name} TO PUBLIC`);
    await publishBuild(projection, 2, table, [husby(50_000), { ...spanga, granted_kronor: 200_000 }]);
    expect(await plainRead(`SELECT * FROM ${userView}`)).toEqual([{ agreement_id: "spanga-2022" }]);
    const widened: TableSchema = {
      ...table,
      columns: [...table.columns, { name: "public_party", type: "text", nullable: true }],
    };
    await publishBuild(projection, 3, widened, [{ ...husby(500_000), public_party: "Stockholms stad" }]);
    expect(await plainRead(`SELECT * FROM ${userView}`)).toEqual([{ agreement_id: "husby-konst-2022" }]);
    expect(
      await plainRead(`SELECT has_table_privilege('public', '${schema}.${table.name}', 'SELECT') AS granted`),
    ).toEqual([{ granted: true }]);
  });

  it("refuses to publish a view without a column while a user's view depends on it, and keeps the old build live", async () => {
    const table = register();
    const projection = "register-changed-columns";
    await publishBuild(projection, 1, table, [husby(324_000)]);
    const userView = `${schema}.husby_grants_${counter}`;
    await reader.query(`CREATE VIEW ${userView} AS SELECT granted_kronor FROM ${schema}.${table.name}`);
    // Without the JSON column: a view cannot lose a column in place.
    const narrowed: TableSchema = { ...table, columns: table.columns.filter((c) => c.name !== "doc") };
    const { doc: _, ...narrowRow } = husby(1);
    const error = await publishBuild(projection, 2, narrowed, [narrowRow]).catch((e: unknown) => e);
    // A plain DROP VIEW: PostgreSQL names the dependent view rather than drop it silently.
    expect(error).toBeInstanceOf(StoreDriverError);
    expect(error).toMatchObject({ cause: { code: "2BP01" } });
    expect(await plainRead(`SELECT * FROM ${userView}`)).toEqual([{ granted_kronor: "324000" }]);
    expect((await tables.catalog(projection)).live?.version).toBe(1);
    await reader.query(`DROP VIEW ${userView}`);
    await tables.publish(projection, (await tables.catalog(projection)).building?.generation ?? 0);
    expect(await tables.select(narrowed)).toEqual([narrowRow]);
  });

  it("refuses a table name the schema uses for something else, naming the field", async () => {
    const error = await tables
      .prepare("clash", 1, [{ ...register(), name: "events" }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidStoreInputError);
    expect(error).toMatchObject({ field: "tables[0].name" });
    expect(await tables.catalog("clash")).toEqual({ live: null, building: null });
  });
});

describe("a commit that fails midway", () => {
  /** A published build at checkpoint 1 holding Husby's row, and a commit that would change it. */
  async function liveBuild(projection: string) {
    const table = register();
    const generation = await publishBuild(projection, 1, table, [husby(324_000)]);
    const next = () =>
      tables.commit(
        projection,
        { generation, schemas: [table] },
        {
          expectedCheckpoint: 1,
          checkpoint: 2,
          changes: [
            { group: "husby-konst-2022", state: { n: 2 }, rows: { [table.name]: [husby(2_000_000)] } },
          ],
        },
      );
    const stored = async () => ({
      rows: await tables.select(table),
      checkpoint: (await tables.catalog(projection)).live?.checkpoint,
      states: await tables.states(projection, generation, ["husby-konst-2022"]),
    });
    return { physical: `${schema}.${table.name}__g${generation}`, next, stored };
  }

  it("leaves rows, states and checkpoint as they were when an insert fails", async () => {
    const { physical, next, stored } = await liveBuild("crash-insert");
    const before = await stored();
    // The DELETE of the group and the checkpoint move have run when the INSERT is refused.
    await reader.query(`ALTER TABLE ${physical} ADD CHECK (granted_kronor < 1000000)`);
    await expect(next()).rejects.toBeInstanceOf(StoreDriverError);
    expect(await stored()).toEqual(before);
    expect(before.checkpoint).toBe(1);
  });

  it("leaves rows, states and checkpoint as they were when the connection dies", async () => {
    const { physical, next, stored } = await liveBuild("crash-connection");
    const before = await stored();
    // The server ends the session in the middle of the INSERT, as a crash or a kill would.
    await reader.query(`CREATE FUNCTION ${schema}.die() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$`);
    await reader.query(
      `CREATE TRIGGER die BEFORE INSERT ON ${physical} FOR EACH ROW EXECUTE FUNCTION ${schema}.die()`,
    );
    await expect(next()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await stored()).toEqual(before);
    await reader.query(`DROP TRIGGER die ON ${physical}`);
    await next();
    expect((await stored()).checkpoint).toBe(2);
  });
});

describe("a PostgresTablesDriver of its own", () => {
  it("migrates on first use, serves the store's tables, and close ends its pool", async () => {
    const table = register();
    await publishBuild("register-shared", 1, table, [husby(324_000)]);
    const own = new ProjectionTables(new PostgresTablesDriver({ connection: database.url, schema }));
    expect(await own.select(table)).toEqual([husby(324_000)]);
    const fresh = new ProjectionTables(
      new PostgresTablesDriver({ connection: database.url, schema: "fresh" }),
    );
    expect(await fresh.catalog("register")).toEqual({ live: null, building: null });
    await Promise.all([own.close(), fresh.close()]);
    await expect(own.select(table)).rejects.toBeInstanceOf(StoreClosedError);
  });
});
