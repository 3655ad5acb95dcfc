import type { IopStore } from "@iop/core";
import { husbyHistory, rinkebyKista2022 } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { openPostgresStore } from "@iop/store-postgres";
import { startTestPostgres, type TestDatabase, type TestPostgres } from "@iop/store-postgres/testing";
import { openSqliteStore } from "@iop/store-sqlite";
import { readEverything } from "@iop/store-testkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInProjections } from "./built-in/all.js";
import { fundingProjection, readFunding } from "./built-in/funding.js";
import { readRegister, registerProjection } from "./built-in/register.js";
import { readTimelines, timelineProjection } from "./built-in/timeline.js";
import { catchUp, loadProjection } from "./durable-runner.js";
import type { JsonValue } from "./json.js";
import { runLive } from "./run-live.js";
import { appendAll, history } from "./test-support/generate.js";
import { businessDatePlus, recordWith, SteppingClock } from "./test-support/record.js";

const builtIns = builtInProjections;

const script = [...husbyHistory, ...rinkebyKista2022];

/** A store's events with the projection store it carries, as the durable runner takes them. */
const durable = (store: IopStore) => ({ events: store, projections: store.projections });

/** Runs every built-in durably (small batches) and live; returns the durable states by name. */
async function runAll(store: IopStore): Promise<Record<string, JsonValue>> {
  const states: Record<string, JsonValue> = {};
  const last = (await readEverything(store)).at(-1)?.globalPosition;
  for (const projection of builtIns) {
    const result = await catchUp(projection, durable(store), { batchSize: 7 });
    expect(result.checkpoint).toBe(last);
    expect((await loadProjection(projection, store.projections))?.state).toEqual(result.state);
    expect(await runLive(projection, store)).toEqual(result.state);
    states[projection.name] = result.state;
  }
  return states;
}

describe("the built-ins give the same states on every adapter", () => {
  let server: TestPostgres;
  let database: TestDatabase;
  const results: Record<string, Record<string, JsonValue>> = {};

  beforeAll(async () => {
    server = await startTestPostgres();
    database = await server.createDatabase("projections");
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
    await server?.stop();
  }, 60_000);

  it("in memory", async () => {
    const clock = new SteppingClock();
    const store = createMemoryStore({ clock: clock.read });
    await recordWith(store, clock, script, businessDatePlus(1));
    results.memory = await runAll(store);
  });

  it("on SQLite", async () => {
    const clock = new SteppingClock();
    const store = await openSqliteStore({ path: ":memory:", clock: clock.read });
    try {
      await recordWith(store, clock, script, businessDatePlus(1));
      results.sqlite = await runAll(store);
    } finally {
      await store.close();
    }
  });

  it("on PostgreSQL", { timeout: 60_000 }, async () => {
    const clock = new SteppingClock();
    const store = await openPostgresStore({ connection: database.url, clock: clock.read });
    try {
      await recordWith(store, clock, script, businessDatePlus(1));
      results.postgres = await runAll(store);
    } finally {
      await store.close();
    }
  });

  it("and the states agree, down to the Rinkeby-Kista total and the Husby chain", () => {
    expect(Object.keys(results).sort()).toEqual(["memory", "postgres", "sqlite"]);
    expect(results.sqlite).toEqual(results.memory);
    expect(results.postgres).toEqual(results.memory);
    const state = (name: string) => results.postgres?.[name] as Parameters<typeof readRegister>[0];
    expect(readFunding(state(fundingProjection.name), { asOf: "2022-12-31" }).byYear["2022"]).toBe(6_771_000);
    // Both fixtures hold Husby's 2022 application and grant, recorded once: the chain has four.
    const husby = readTimelines(state(timelineProjection.name)).find((t) =>
      t.organisation.name.startsWith("Husby"),
    );
    expect(husby?.agreements).toHaveLength(4);
    expect(husby?.gaps).toEqual([{ from: "2020-09-01", to: "2021-12-31" }]);
    expect(readRegister(state(registerProjection.name))).toHaveLength(11);
  });

  it("and so does any generated history, folded in any batch size", { timeout: 300_000 }, async () => {
    let schemas = 0;
    await fc.assert(
      fc.asyncProperty(history(4), fc.integer({ min: 1, max: 6 }), async (appends, batchSize) => {
        const clocks = [new SteppingClock(), new SteppingClock(), new SteppingClock()] as const;
        const memory = createMemoryStore({ clock: clocks[0].read });
        const sqlite = await openSqliteStore({ path: ":memory:", clock: clocks[1].read });
        // A fresh schema per run: the database is shared, and each history starts from nothing.
        const schema = `generated_${++schemas}`;
        const postgres = await openPostgresStore({
          connection: database.url,
          schema,
          clock: clocks[2].read,
        });
        const stores = [memory, sqlite, postgres];
        try {
          for (const [i, store] of stores.entries()) await appendAll(store, appends, clocks[i]);
          for (const projection of builtIns) {
            const [inMemory, ...others] = await Promise.all(
              stores.map((store) => catchUp(projection, durable(store), { batchSize })),
            );
            for (const other of others) {
              expect(other.state).toEqual(inMemory?.state);
              expect(other.checkpoint).toBe(inMemory?.checkpoint);
            }
            // What PostgreSQL stored (as json) comes back as it was folded.
            expect((await loadProjection(projection, postgres.projections))?.state).toEqual(inMemory?.state);
          }
        } finally {
          await postgres.close();
          await sqlite.close();
        }
      }),
      // A run (a schema migrated, a few hundred round trips) takes about 0.1 s on PostgreSQL.
      { numRuns: 50 },
    );
  });
});
