import { readFile } from "node:fs/promises";
import { AgreementCommandHandler, type IopStore } from "@iop/core";
import { recordRealCases } from "@iop/fixtures";
import { openPostgresStore } from "@iop/store-postgres";
import { startTestPostgres, type TestPostgres } from "@iop/store-postgres/testing";
import { openSqliteStore } from "@iop/store-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInTables } from "./built-in/all-tables.js";
import { catchUpTables } from "./catch-up-tables.js";
import { columnsMarkdown } from "./table-docs.js";

const DOCS = new URL("../../../../docs/tables.md", import.meta.url);

/** Each ```sql block of the page with the ```text block of rows under it. */
function examples(markdown: string): { sql: string; rows: string[] }[] {
  const found: { sql: string; rows: string[] }[] = [];
  for (const match of markdown.matchAll(/```sql\n([\s\S]*?)```\s*```text\n([\s\S]*?)```/g))
    found.push({ sql: match[1] ?? "", rows: (match[2] ?? "").trimEnd().split("\n") });
  return found;
}

/** A row as the page prints it: values joined by ` | `, null as nothing. */
const line = (row: Record<string, unknown>) =>
  Object.values(row)
    .map((value) => (value === null ? "" : String(value)))
    .join(" | ");

/** Records the real data set into a store and builds the five tables. */
async function withRealCases(open: (clock: () => Date) => Promise<IopStore>): Promise<IopStore> {
  let now = new Date(0);
  const store = await open(() => now);
  await recordRealCases(new AgreementCommandHandler({ store }), (time) => {
    now = time;
  });
  if (store.tables === undefined) throw new Error(`${store.constructor.name} keeps no tables`);
  for (const definition of builtInTables)
    await catchUpTables(definition, { events: store, tables: store.tables });
  return store;
}

describe("docs/tables.md", () => {
  let markdown: string;
  let server: TestPostgres;
  beforeAll(async () => {
    markdown = await readFile(DOCS, "utf8");
    server = await startTestPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("lists every built-in table's columns as the schemas have them", () => {
    for (const definition of builtInTables)
      for (const schema of definition.schemas) {
        expect(markdown).toContain(
          `## ${schema.name}\n\n${schema.description}\n\n${columnsMarkdown(schema)}\n`,
        );
      }
  });

  it("has example queries, each answering on SQLite as the page shows", async () => {
    const store = await withRealCases((clock) => openSqliteStore({ path: ":memory:", clock }));
    try {
      const db = (store as Awaited<ReturnType<typeof openSqliteStore>>).driver.database;
      const cases = examples(markdown);
      expect(cases.length).toBeGreaterThanOrEqual(5);
      for (const { sql, rows } of cases)
        expect((db.prepare(sql).all() as Record<string, unknown>[]).map(line), sql).toEqual(rows);
    } finally {
      await store.close();
    }
  });

  it("and on PostgreSQL, through a plain client", { timeout: 60_000 }, async () => {
    const database = await server.createDatabase("docs_tables");
    const store = await withRealCases((clock) => openPostgresStore({ connection: database.url, clock }));
    const { pool, schema } = (store as Awaited<ReturnType<typeof openPostgresStore>>).driver;
    const client = await pool.connect();
    // Dates as the text SQL shows, not JavaScript Dates in this machine's zone (1082 is DATE).
    client.setTypeParser(1082, (value: string) => value);
    try {
      await client.query(`SET search_path TO ${schema}`);
      for (const { sql, rows } of examples(markdown))
        expect((await client.query(sql)).rows.map(line), sql).toEqual(rows);
    } finally {
      client.release(true);
      await store.close();
    }
  });
});
