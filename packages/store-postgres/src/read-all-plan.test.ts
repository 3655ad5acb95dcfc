import { sampleEvents } from "@iop/store-testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventSql } from "./event-statements.js";
import { openPostgresStore, type PostgresStore } from "./open-postgres-store.js";
import type { TestDatabase } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

let database: TestDatabase;
let store: PostgresStore;
let client: pg.Client;

beforeAll(async () => {
  database = await useTestDatabase("read_all_plan");
  store = await openPostgresStore({ connection: database.url, schema: "plan" });
  for (let s = 0; s < 50; s++)
    await store.append(`agreement-${s}`, sampleEvents(100), { expectedVersion: "no-stream" });
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await store?.close();
  await database?.drop();
});

interface PlanNode {
  readonly "Node Type": string;
  readonly "Actual Rows": number;
  readonly Plans?: readonly PlanNode[];
}

function nodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodes)];
}

/** Every plan node of read-all's statement, run with the custom plan a first execution gets. */
async function readAllPlan(after: number, limit: number): Promise<PlanNode[]> {
  await client.query("DEALLOCATE ALL");
  await client.query(`PREPARE read_all(bigint, bigint) AS ${eventSql('"plan"').readAll.text}`);
  const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE read_all(${after}, ${limit})`,
  );
  const [explained] = rows[0]?.["QUERY PLAN"] ?? [];
  if (explained === undefined) throw new Error("no plan");
  return nodes(explained.Plan);
}

/** Read-all's first, middle and last pages touch no more rows than a page holds, and sort nothing. */
async function expectPageSizedPlans(): Promise<void> {
  for (const [after, limit] of [
    [0, 1000],
    [2500, 1000],
    [4990, 1000],
  ] as const) {
    const plan = await readAllPlan(after, limit);
    expect(plan.map((n) => n["Node Type"])).not.toContain("Sort");
    expect(Math.max(...plan.map((n) => n["Actual Rows"]))).toBeLessThanOrEqual(limit);
  }
}

// A page must cost O(page), not O(the rest of the table).
describe("read-all's plan", () => {
  it("reads one page's rows, with statistics", async () => {
    await client.query('ANALYZE "plan".events');
    await expectPageSizedPlans();
  });

  it("reads one page's rows without statistics, as on a freshly loaded table", async () => {
    // The planner guesses worst here. Clearing statistics needs PostgreSQL 18.
    const { rowCount } = await client.query(
      "SELECT 1 FROM pg_proc WHERE proname = 'pg_clear_relation_stats' AND pronamespace = 'pg_catalog'::regnamespace",
    );
    if (rowCount === 0) return;
    await client.query(
      `SELECT pg_clear_relation_stats('plan', 'events'),
              pg_clear_attribute_stats('plan', 'events', a.attname, false)
         FROM pg_attribute a WHERE a.attrelid = '"plan".events'::regclass AND a.attnum > 0`,
    );
    await expectPageSizedPlans();
  });
});
