import { encodeEvent, type IopStore, ProjectionTables, type TableSchema } from "@iop/core";
import { husbyAgreementIds, husbyHistory, rinkebyKista2022 } from "@iop/fixtures";
import { createMemoryStore, type MemoryStore, MemoryTablesDriver } from "@iop/store-memory";
import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFunding } from "../built-in/funding.js";
import { readRegister, registerProjection } from "../built-in/register.js";
import { runLive } from "../run-live.js";
import { agreementEvents, appendAll, history } from "../test-support/generate.js";
import { businessDatePlus, recordWith, SteppingClock } from "../test-support/record.js";
import { Crash } from "../test-support/stores.js";
import { builtInTables } from "./built-in/all-tables.js";
import { fundingTables } from "./built-in/funding-table.js";
import { registerTables } from "./built-in/register-table.js";
import { catchUpTables } from "./catch-up-tables.js";
import { loadTableState } from "./load-table-state.js";
import { defineTableProjection } from "./table-projection.js";

const script = [...husbyHistory, ...rinkebyKista2022];

async function recordedStore(): Promise<MemoryStore> {
  const clock = new SteppingClock();
  const store = createMemoryStore({ clock: clock.read });
  await recordWith(store, clock, script, businessDatePlus(1));
  return store;
}

function tablesOf(store: IopStore): ProjectionTables {
  if (store.tables === undefined) throw new Error("the memory store keeps tables");
  return store.tables;
}

describe("catchUpTables on the real cases", () => {
  it("builds every built-in's tables, whose state answers as the live fold does on any clocks", async () => {
    // Given the Husby 2019–2024 and Rinkeby-Kista 2022 histories
    const store = await recordedStore();
    const tables = tablesOf(store);
    // When the built-in tables are built in small batches
    for (const definition of builtInTables) {
      const result = await catchUpTables(definition, { events: store, tables }, { batchSize: 5 });
      expect(result).toMatchObject({ rebuilt: true, published: true, interrupted: false });
    }
    // Then the register's stored state is the live one, and so are its answers on three clocks
    const live = await runLive(registerProjection, store);
    const { state } = await loadTableState(tables, registerTables);
    expect(state).toEqual(live);
    for (const clocks of [
      {},
      { inForceOn: "2022-02-15" },
      { inForceOn: "2022-02-15", decidedBy: "2022-02-15" },
    ] as const)
      expect(readRegister(state, clocks)).toEqual(readRegister(live, clocks));
    // And the register table is one row per agreement on the newest knowledge
    const rows = await tables.select(registerTables.schemas[0] as TableSchema);
    expect(rows.map((r) => r.agreement_id)).toEqual(Object.keys(live).sort());
    const husby2022 = rows.find((r) => r.agreement_id === husbyAgreementIds.y2022);
    expect(husby2022).toMatchObject({
      status: "signed",
      granted_kronor: 324_000,
      period_start: "2022-01-01",
    });
    // And funding's rows add up to the funding report's total
    const funding = await tables.select(fundingTables.schemas[0] as TableSchema);
    const total = funding.reduce((sum, r) => sum + Number(r.kronor), 0);
    expect(total).toBe(readFunding(await runLive(fundingTables.projection, store)).total);
  });

  it("writes only the agreement a new event touches, into the live tables", async () => {
    // Given the tables built over every step of the real cases but the last
    const clock = new SteppingClock();
    const store = createMemoryStore({ clock: clock.read });
    await recordWith(store, clock, script.slice(0, -1), businessDatePlus(1));
    const tables = tablesOf(store);
    await catchUpTables(registerTables, { events: store, tables });
    // When the last step is recorded and the tables catch up
    await recordWith(store, clock, script.slice(-1), businessDatePlus(1));
    const again = await catchUpTables(registerTables, { events: store, tables });
    // Then only that step's agreement was written, into the live build
    expect(again).toMatchObject({ rebuilt: false, published: false, count: 1, written: 1 });
    expect((await loadTableState(tables, registerTables)).state).toEqual(
      await runLive(registerProjection, store),
    );
  });

  it("rebuilds a new version beside the live tables: readers see the old rows until it is done", async () => {
    const store = await recordedStore();
    const tables = tablesOf(store);
    await catchUpTables(registerTables, { events: store, tables });
    const before = await tables.select(registerTables.schemas[0] as TableSchema);
    const v2 = defineTableProjection({ ...registerTables, version: 2 });
    const stop = new AbortController();
    const partial = await catchUpTables(
      v2,
      { events: store, tables },
      {
        batchSize: 4,
        signal: stop.signal,
        onProgress: ({ count }) => {
          if (count >= 8) stop.abort();
        },
      },
    );
    expect(partial).toMatchObject({ interrupted: true, published: false, rebuilt: true });
    expect(await tables.select(registerTables.schemas[0] as TableSchema)).toEqual(before);
    const resumed = await catchUpTables(v2, { events: store, tables }, { batchSize: 4 });
    expect(resumed).toMatchObject({ published: true, rebuilt: true });
    expect(resumed.count + partial.count).toBe((await store.readAll({ limit: 10_000 })).length);
    expect(await tables.select(registerTables.schemas[0] as TableSchema)).toEqual(before);
    expect((await tables.catalog(v2.name)).live?.version).toBe(2);
  });

  it("survives a crash at any commit: the next run ends where a clean run does", async () => {
    const store = await recordedStore();
    const clean = new ProjectionTables(new MemoryTablesDriver());
    await catchUpTables(registerTables, { events: store, tables: clean }, { batchSize: 3 });
    const expected = await loadTableState(clean, registerTables);
    // Holding two agreements at most, the build writes every few batches.
    const options = { batchSize: 3, holdAgreements: 2 };
    for (const crashAt of [1, 2, 5]) {
      const tables = new ProjectionTables(new MemoryTablesDriver());
      let commits = 0;
      const crashing = Object.create(tables) as ProjectionTables;
      crashing.commit = async (...args) => {
        commits += 1;
        if (commits === crashAt) throw new Crash(`crash at commit ${crashAt}`);
        return tables.commit(...args);
      };
      await expect(
        catchUpTables(registerTables, { events: store, tables: crashing }, options),
      ).rejects.toBeInstanceOf(Crash);
      expect(commits).toBe(crashAt);
      await catchUpTables(registerTables, { events: store, tables }, options);
      expect(await loadTableState(tables, registerTables)).toEqual(expected);
    }
  });

  it("writes each agreement once in a build that can hold them all, and reads no state back", async () => {
    // Given the real cases, whose agreements' events are spread over many batches of one
    const store = await recordedStore();
    const tables = tablesOf(store);
    const calls = { commit: 0, states: 0 };
    const counting = Object.create(tables) as ProjectionTables;
    counting.commit = async (...args) => {
      calls.commit += 1;
      return tables.commit(...args);
    };
    counting.states = async (...args) => {
      calls.states += 1;
      return tables.states(...args);
    };
    // When the register is built one event per batch
    const result = await catchUpTables(registerTables, { events: store, tables: counting }, { batchSize: 1 });
    // Then it was written once, every agreement in it, and equals the live fold
    const live = await runLive(registerProjection, store);
    expect(calls).toEqual({ commit: 1, states: 0 });
    expect(result.written).toBe(Object.keys(live).length);
    expect((await loadTableState(tables, registerTables)).state).toEqual(live);
  });

  it("lets go of written states beyond what it may hold, and reads them back when it needs them", async () => {
    // Given two agreements whose events alternate, as reports from several agreements arrive
    const store = createMemoryStore();
    const spec = {
      organisation: 0,
      council: 0,
      area: 0,
      year: 2022,
      month: 1,
      years: 3,
      kronor: 324_000,
      outcome: "granted",
      signed: true,
      reports: 3,
      extended: true,
      amendedKronor: 340_000,
      terminated: false,
      succeeded: true,
      renegotiated: false,
      evaluated: true,
    } as const;
    const [a, b] = ["alt-a", "alt-b"].map((id) => agreementEvents({ ...spec, id }));
    for (let i = 0; i < Math.max(a?.length ?? 0, b?.length ?? 0); i++)
      for (const [id, events] of [
        ["alt-a", a],
        ["alt-b", b],
      ] as const) {
        const event = events?.[i];
        if (event !== undefined)
          await store.append(`agreement-${id}`, [encodeEvent(event)], { expectedVersion: i });
      }
    const tables = tablesOf(store);
    let asked = 0;
    const counting = Object.create(tables) as ProjectionTables;
    counting.states = async (...args) => {
      asked += 1;
      return tables.states(...args);
    };
    await catchUpTables(
      registerTables,
      { events: store, tables: counting },
      { batchSize: 2, holdAgreements: 1 },
    );
    // Then, holding one, it asked the tables for states it had written, and still equals the live fold
    expect(asked).toBeGreaterThan(0);
    expect((await loadTableState(tables, registerTables)).state).toEqual(
      await runLive(registerProjection, store),
    );
  });

  it("refuses a hold that is not a positive integer, by name", async () => {
    const store = await recordedStore();
    await expect(
      catchUpTables(registerTables, { events: store, tables: tablesOf(store) }, { holdAgreements: 0 }),
    ).rejects.toThrow("holdAgreements must be a positive integer");
  });

  it("loads one checkpoint's state even when a runner commits between its pages", async () => {
    // Given the register built over every step but the last
    const clock = new SteppingClock();
    const store = createMemoryStore({ clock: clock.read });
    await recordWith(store, clock, script.slice(0, -1), businessDatePlus(1));
    const { tables } = store;
    await catchUpTables(registerTables, { events: store, tables });
    await recordWith(store, clock, script.slice(-1), businessDatePlus(1));
    // When another runner catches up after the first page is read
    let pages = 0;
    const moving = Object.create(tables) as ProjectionTables;
    moving.liveStates = async (...args) => {
      const page = await tables.liveStates(...args);
      pages += 1;
      if (pages === 1) await catchUpTables(registerTables, { events: store, tables });
      return page;
    };
    const loaded = await loadTableState(moving, registerTables, { pageSize: 2 });
    // Then the state read is the one after that catch-up, whole, at its checkpoint
    expect(loaded.state).toEqual(await runLive(registerProjection, store));
    expect(loaded.checkpoint).toBe((await tables.catalog(registerTables.name)).live?.checkpoint);
  });

  it("gives up with a conflict when the tables move under every read", async () => {
    const store = await recordedStore();
    const { tables } = store;
    await catchUpTables(registerTables, { events: store, tables });
    const moving = Object.create(tables) as ProjectionTables;
    moving.liveStates = async (...args) => {
      const page = await tables.liveStates(...args);
      await catchUpTables(registerTables, { events: store, tables }, { rebuild: true });
      return page;
    };
    await expect(loadTableState(moving, registerTables)).rejects.toMatchObject({
      code: "PROJECTION_CONFLICT",
    });
  });

  it("refuses to read tables that are not built, by name", async () => {
    const tables = new ProjectionTables(new MemoryTablesDriver());
    await expect(loadTableState(tables, registerTables)).rejects.toThrow(/not built yet: run catchUpTables/);
  });
});

describe("catchUpTables on generated histories (property)", () => {
  it("keeps the live fold's state and rows, whatever the batch size and hold", async () => {
    await fc.assert(
      fc.asyncProperty(
        history(5),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        async (appends, batchSize, holdAgreements) => {
          const store = createMemoryStore();
          await appendAll(store, appends);
          const tables = tablesOf(store);
          await catchUpTables(registerTables, { events: store, tables }, { batchSize, holdAgreements });
          const live = await runLive(registerProjection, store);
          expect((await loadTableState(tables, registerTables)).state).toEqual(live);
          const table = registerTables.tables[0];
          if (table === undefined) throw new Error("the register keeps a table");
          expect(await tables.select(table.schema)).toEqual(
            Object.keys(live)
              .sort()
              .flatMap((id) => table.rowsOf(id, live[id] ?? [])),
          );
        },
      ),
      { numRuns: propertyRuns(40) },
    );
  });
});
