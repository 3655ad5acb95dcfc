import type { IopStore } from "@iop/core";
import {
  catchUpTables,
  type FactLogState,
  readRegister,
  registerProjection,
  registerTables,
  runLive,
} from "@iop/projections";
import { openSqliteStore } from "@iop/store-sqlite";
import { eventOf, type RebuildShape, streamIdOf } from "./data.js";
import type { Job, Measurement, RebuildStep } from "./job.js";
import { retainedKb } from "./live-heap.js";
import { eventCount } from "./plan.js";
import { populateInterleaved, populateStore } from "./populate.js";
import { timed } from "./timed.js";

function tablesOf(store: IopStore) {
  if (store.tables === undefined) throw new Error("the store keeps no projection tables");
  return store.tables;
}

/** Whether the store already holds `shape` (the verify workload of the same run wrote it). */
async function holdsShape(store: IopStore, shape: RebuildShape): Promise<boolean> {
  // The last stream is the last written, in either order.
  const last = await store.readStream(streamIdOf(shape.streams - 1));
  return last.length === shape.eventsPerStream;
}

/**
 * One step of the rebuild workload on our SQLite store at `path`, each in a child of its own so
 * its peak memory is its own:
 * - `rebuild-populate` writes the job's shape, stream by stream with appends of the batch size
 *   or interleaved one event per append (0 events when the store already holds it);
 * - `rebuild-live` replays it into the register in memory (`runLive`, its default page size) and
 *   reads its rows (`readRegister`), as the durable rebuild ends with them in its table;
 * - `rebuild-durable` rebuilds the register's table `iop_register` from zero (`catchUpTables`
 *   with `rebuild: true`, its default batch size), published at the end;
 * - `rebuild-append` appends one event (the next report) to the first agreement and catches the
 *   tables up.
 * @throws {Error} when a step reads, folds or writes another count than the shape makes.
 */
export async function runRebuildStep(
  job: Job & { readonly shape: RebuildShape },
  step: RebuildStep,
  path: string,
): Promise<Measurement> {
  const { shape } = job;
  const total = eventCount(shape);
  const store = await openSqliteStore({ path, synchronous: "normal" });
  try {
    switch (step) {
      case "rebuild-populate": {
        if (await holdsShape(store, shape)) return { workload: step, events: 0, seconds: 0 };
        const { seconds } = await timed(() =>
          shape.interleaved === true
            ? populateInterleaved(store, shape)
            : populateStore(store, shape, job.batchSize),
        );
        return { workload: step, events: total, seconds };
      }
      case "rebuild-live": {
        // The register's rows, as the durable rebuild ends with them in its table.
        let state: FactLogState | undefined;
        const { value: register, seconds } = await timed(async () => {
          state = await runLive(registerProjection, store);
          return readRegister(state);
        });
        const rows = register.length;
        if (rows !== shape.streams) throw new Error(`the live register has ${rows} rows`);
        // What the replay returns holds every event's fact: the part of its peak that is its result.
        const resultKb = retainedKb(() => {
          state = undefined;
        });
        return { workload: step, events: total, seconds, resultKb };
      }
      case "rebuild-durable": {
        const tables = tablesOf(store);
        const { value: result, seconds } = await timed(() =>
          catchUpTables(registerTables, { events: store, tables }, { rebuild: true }),
        );
        if (result.count !== total || !result.published)
          throw new Error(
            `the rebuild read ${result.count} of ${total} events, published: ${result.published}`,
          );
        const schema = registerTables.tables[0]?.schema;
        const rows = schema === undefined ? 0 : (await tables.select(schema)).length;
        if (rows !== shape.streams) throw new Error(`iop_register has ${rows} rows`);
        return { workload: step, events: result.count, seconds, written: result.written };
      }
      case "rebuild-append": {
        const version = (await store.readStream(streamIdOf(0))).length;
        await store.append(streamIdOf(0), [eventOf(0, version + 1)], { expectedVersion: version });
        const { value: result, seconds } = await timed(() =>
          catchUpTables(registerTables, { events: store, tables: tablesOf(store) }),
        );
        if (result.rebuilt) throw new Error("the catch-up after the append rebuilt the tables");
        return { workload: step, events: result.count, seconds, written: result.written };
      }
    }
  } finally {
    await store.close();
  }
}
