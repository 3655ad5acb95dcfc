import type { EventStore, ProjectionStore } from "@iop/core";
import { husbyHistory, rinkebyKista2022 } from "@iop/fixtures";
import { InMemoryEventStore, InMemoryProjectionStore } from "@iop/store-memory";
import { PostgresEventStore, PostgresProjectionStore } from "@iop/store-postgres";
import { startTestPostgres, type TestDatabase, type TestPostgres } from "@iop/store-postgres/testing";
import { openSqliteEventStore } from "@iop/store-sqlite";
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

interface Adapter {
  readonly events: EventStore;
  readonly projections: ProjectionStore;
  close(): Promise<void>;
}

/** Runs every built-in durably (small batches) and live; returns the durable states by name. */
async function runAll(adapter: Adapter): Promise<Record<string, JsonValue>> {
  const states: Record<string, JsonValue> = {};
  const last = (await adapter.events.readAll()).at(-1)?.globalPosition;
  for (const projection of builtIns) {
    const result = await catchUp(projection, adapter, { batchSize: 7 });
    expect(result.checkpoint).toBe(last);
    expect((await loadProjection(projection, adapter.projections))?.state).toEqual(result.state);
    expect(await runLive(projection, adapter.events)).toEqual(result.state);
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
    const events = new InMemoryEventStore({ clock: clock.read });
    await recordWith(events, clock, script, businessDatePlus(1));
    results.memory = await runAll({
      events,
      projections: new InMemoryProjectionStore(),
      close: () => events.close(),
    });
  });

  it("on SQLite", async () => {
    const clock = new SteppingClock();
    const events = await openSqliteEventStore({ path: ":memory:", clock: clock.read });
    try {
      await recordWith(events, clock, script, businessDatePlus(1));
      results.sqlite = await runAll({
        events,
        projections: events.projections(),
        close: () => events.close(),
      });
    } finally {
      await events.close();
    }
  });

  it("on PostgreSQL", { timeout: 60_000 }, async () => {
    const clock = new SteppingClock();
    const events = await PostgresEventStore.connect({ connection: database.url, clock: clock.read });
    const projections = new PostgresProjectionStore({ connection: events.pool });
    try {
      await recordWith(events, clock, script, businessDatePlus(1));
      results.postgres = await runAll({ events, projections, close: () => events.close() });
    } finally {
      await projections.close();
      await events.close();
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
});

describe("in memory and on SQLite, any generated history", () => {
  it("folds to the same durable states", async () => {
    await fc.assert(
      fc.asyncProperty(history(4), fc.integer({ min: 1, max: 6 }), async (appends, batchSize) => {
        const memoryClock = new SteppingClock();
        const sqliteClock = new SteppingClock();
        const memory = new InMemoryEventStore({ clock: memoryClock.read });
        const sqlite = await openSqliteEventStore({ path: ":memory:", clock: sqliteClock.read });
        try {
          await appendAll(memory, appends, memoryClock);
          await appendAll(sqlite, appends, sqliteClock);
          const memoryProjections = new InMemoryProjectionStore();
          for (const projection of builtIns) {
            const a = await catchUp(
              projection,
              { events: memory, projections: memoryProjections },
              { batchSize },
            );
            const b = await catchUp(
              projection,
              { events: sqlite, projections: sqlite.projections() },
              { batchSize },
            );
            expect(b.state).toEqual(a.state);
            expect(b.checkpoint).toBe(a.checkpoint);
          }
        } finally {
          await sqlite.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
