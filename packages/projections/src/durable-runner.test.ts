import { EventDecodingError, eventTypes, ProjectionConflictError, type ProjectionStore } from "@iop/core";
import { husbyHistory } from "@iop/fixtures";
import { createMemoryStore, InMemoryProjectionStore } from "@iop/store-memory";
import { readEverything } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readRegister, registerProjection } from "./built-in/register.js";
import { catchUp, loadProjection } from "./durable-runner.js";
import { ProjectionVersionError } from "./errors.js";
import { advance } from "./fold.js";
import type { JsonValue } from "./json.js";
import { type AllHandlers, defineProjection, type Projection } from "./projection.js";
import { runLive } from "./run-live.js";
import { appendAll, history, hourlyClock } from "./test-support/generate.js";
import { recordScript } from "./test-support/record.js";
import {
  Crash,
  CrashingProjectionStore,
  GrowingEventStore,
  StutteringEventStore,
} from "./test-support/stores.js";

type Tally = {
  readonly events: number;
  readonly byType: { readonly [type: string]: number };
  readonly kronor: number;
};

/** A whole-state projection over every type: how many events of each, and kronor granted. */
function tally(version = 1, weight = 1): Projection<Tally> {
  const count = (state: Tally, type: string): Tally => ({
    ...state,
    events: state.events + weight,
    byType: { ...state.byType, [type]: (state.byType[type] ?? 0) + weight },
  });
  const handlers = Object.fromEntries(
    eventTypes.map((t) => [t, (s: Tally) => count(s, t)]),
  ) as unknown as AllHandlers<Tally>;
  return defineProjection<Tally>({
    name: "tally",
    version,
    initialState: { events: 0, byType: {}, kronor: 0 },
    handles: "all",
    handlers: {
      ...handlers,
      Granted: (state, e) => ({ ...count(state, e.type), kronor: state.kronor + e.data.grantedKronor }),
    },
  });
}

const projections: Projection<JsonValue>[] = [
  tally() as unknown as Projection<JsonValue>,
  registerProjection as unknown as Projection<JsonValue>,
];

describe("a durable projection equals the same projection fed everything at once", () => {
  it("for any history arriving in any steps, read in any batch sizes, with crashes and restarts in between", async () => {
    await fc.assert(
      fc.asyncProperty(
        history(6),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 6 }),
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 30 }), fc.constantFrom("before" as const, "after" as const)),
          {
            maxLength: 4,
          },
        ),
        async (appends, arrivals, batchSizes, crashes) => {
          const inner = createMemoryStore({ clock: hourlyClock() });
          await appendAll(inner, appends);
          const total = (await readEverything(inner)).length;
          for (const projection of projections) {
            const events = new GrowingEventStore(inner);
            const saved = new InMemoryProjectionStore();
            const crashing = new CrashingProjectionStore(saved, new Map(crashes));
            let run = 0;
            for (const arrival of [...arrivals, total]) {
              events.visible = Math.min(total, events.visible + arrival);
              try {
                await catchUp(
                  projection,
                  { events, projections: crashing },
                  { batchSize: batchSizes[run++ % batchSizes.length] ?? 1 },
                );
              } catch (error) {
                if (!(error instanceof Crash)) throw error;
              }
            }
            // After the crashes, a last clean run reaches the end.
            const last = await catchUp(projection, { events, projections: saved }, { batchSize: 5 });
            const expected = await runLive(projection, inner);
            expect(last.state).toEqual(expected);
            expect((await loadProjection(projection, saved))?.state).toEqual(expected);
            expect(last.checkpoint).toBe((await readEverything(inner)).at(-1)?.globalPosition ?? 0);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("replaying events it has already seen changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        history(5),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 5 }),
        async (appends, overlap, batchSize) => {
          const inner = createMemoryStore({ clock: hourlyClock() });
          await appendAll(inner, appends);
          const all = await readEverything(inner);
          for (const projection of projections) {
            const expected = await runLive(projection, inner);
            // A store that hands back earlier events with every batch.
            const stuttering = new StutteringEventStore(inner, overlap);
            const saved = new InMemoryProjectionStore();
            const result = await catchUp(
              projection,
              { events: stuttering, projections: saved },
              { batchSize },
            );
            expect(result.state).toEqual(expected);
            // Folding everything again from the checkpoint, or running again, leaves it as it is.
            const again = advance(projection, { state: result.state, checkpoint: result.checkpoint }, all);
            expect(again).toEqual({ state: result.state, checkpoint: result.checkpoint, handled: 0 });
            const rerun = await catchUp(projection, { events: inner, projections: saved });
            expect(rerun).toMatchObject({ count: 0, handled: 0, rebuilt: false, state: expected });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("catchUp", () => {
  const husbyStore = () => recordScript(husbyHistory);

  it("saves state and checkpoint once per batch, expecting the checkpoint it started from", async () => {
    const events = await husbyStore();
    const saved = new InMemoryProjectionStore();
    const expectations: (number | null)[] = [];
    const spy: ProjectionStore = {
      load: (name) => saved.load(name),
      delete: (name) => saved.delete(name),
      save: (snapshot, expected) => {
        expectations.push(expected);
        return saved.save(snapshot, expected);
      },
    };
    const progress: number[] = [];
    const result = await catchUp(
      tally(),
      { events, projections: spy },
      {
        batchSize: 8,
        onProgress: (p) => progress.push(p.position),
      },
    );
    expect(result).toMatchObject({
      checkpoint: 19,
      count: 19,
      handled: 19,
      rebuilt: false,
      interrupted: false,
    });
    expect(progress).toEqual([8, 16, 19]);
    expect(expectations).toEqual([null, 8, 16]);
    expect(await saved.load("tally")).toMatchObject({ name: "tally", version: 1, checkpoint: 19 });
  });

  it("rebuilds from zero when the version is bumped, and refuses to run an older version over a newer one", async () => {
    const events = await husbyStore();
    const saved = new InMemoryProjectionStore();
    await catchUp(tally(1), { events, projections: saved });
    const v2 = tally(2, 10);
    const progress: boolean[] = [];
    const rebuilt = await catchUp(
      v2,
      { events, projections: saved },
      {
        batchSize: 10,
        onProgress: (p) => progress.push(p.rebuilding),
      },
    );
    expect(rebuilt).toMatchObject({ rebuilt: true, count: 19, checkpoint: 19 });
    expect(rebuilt.state.events).toBe(190);
    expect(progress).toEqual([true, true]);
    expect(await saved.load("tally")).toMatchObject({ version: 2, state: { events: 190 } });
    await expect(catchUp(tally(1), { events, projections: saved })).rejects.toBeInstanceOf(
      ProjectionVersionError,
    );
    await expect(loadProjection(tally(1), saved)).rejects.toBeInstanceOf(ProjectionVersionError);
    expect(await loadProjection(tally(3), saved)).toBeUndefined();
    // rebuild: true starts over at the same version.
    expect(await catchUp(v2, { events, projections: saved }, { rebuild: true })).toMatchObject({
      rebuilt: true,
      count: 19,
      state: { events: 190 },
    });
  });

  it("a rebuild over an empty store still replaces the old version's state", async () => {
    const saved = new InMemoryProjectionStore();
    await saved.save(
      { name: "tally", version: 1, checkpoint: 7, state: { events: 7, byType: {}, kronor: 0 } },
      null,
    );
    const result = await catchUp(tally(2), { events: createMemoryStore(), projections: saved });
    expect(result).toMatchObject({ rebuilt: true, checkpoint: 0, state: { events: 0 } });
    expect(await saved.load("tally")).toEqual({
      name: "tally",
      version: 2,
      checkpoint: 0,
      state: { events: 0, byType: {}, kronor: 0 },
    });
  });

  it("stops with a conflict when another runner saved in between", async () => {
    const events = await husbyStore();
    const saved = new InMemoryProjectionStore();
    let raced = false;
    const racing = new CrashingProjectionStore(saved, new Map(), async (snapshot) => {
      if (snapshot.checkpoint === 10 && !raced) {
        raced = true;
        await catchUp(tally(), { events, projections: saved });
      }
    });
    await expect(catchUp(tally(), { events, projections: racing }, { batchSize: 5 })).rejects.toBeInstanceOf(
      ProjectionConflictError,
    );
    expect(await saved.load("tally")).toMatchObject({ checkpoint: 19, state: { events: 19 } });
  });

  it("ignores foreign streams, and stops before an agreement event it cannot decode", async () => {
    const events = await husbyStore();
    await events.append("billing-1", [{ type: "InvoiceSent", schemaVersion: 1, data: {} }], {
      expectedVersion: "any",
    });
    const saved = new InMemoryProjectionStore();
    const result = await catchUp(tally(), { events, projections: saved });
    expect(result).toMatchObject({ checkpoint: 20, count: 20, handled: 19 });
    await events.append("agreement-x", [{ type: "Mystery", schemaVersion: 1, data: {} }], {
      expectedVersion: "any",
    });
    await expect(catchUp(tally(), { events, projections: saved })).rejects.toBeInstanceOf(EventDecodingError);
    expect(await saved.load("tally")).toMatchObject({ checkpoint: 20 });
    // A projection that handles only some types does not even decode the others.
    const granted = defineProjection<number>({
      name: "granted",
      version: 1,
      initialState: 0,
      handlers: { Granted: (n, e) => n + e.data.grantedKronor },
    });
    expect((await catchUp(granted, { events, projections: saved })).state).toBe(
      250_000 + 324_000 + 330_000 + 340_000,
    );
  });

  it("refuses to save a state that is not JSON, and saves nothing of that batch", async () => {
    const events = await husbyStore();
    const saved = new InMemoryProjectionStore();
    const broken = defineProjection({
      name: "broken",
      version: 1,
      initialState: { last: "" },
      handlers: { Signed: () => ({ last: undefined }) as unknown as { last: string } },
    });
    await expect(catchUp(broken, { events, projections: saved }, { batchSize: 2 })).rejects.toThrow(
      /undefined/,
    );
    expect((await saved.load("broken"))?.checkpoint).toBe(2);
    await expect(catchUp(broken, { events, projections: saved }, { batchSize: 0 })).rejects.toThrow(
      RangeError,
    );
  });

  it("answers the register's queries from the stored state as from a live run", async () => {
    const events = await husbyStore();
    const saved = new InMemoryProjectionStore();
    await catchUp(registerProjection, { events, projections: saved }, { batchSize: 3 });
    const stored = await loadProjection(registerProjection, saved);
    expect(stored).toBeDefined();
    const live = await runLive(registerProjection, events);
    expect(readRegister(stored?.state ?? {}, { asOf: "2022-02-15" })).toEqual(
      readRegister(live, { asOf: "2022-02-15" }),
    );
  });
});
