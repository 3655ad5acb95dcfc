import type { IopStore } from "@iop/core";
import { catchUpTables, registerProjection, registerTables, runLive } from "@iop/projections";
import { openSqliteStore } from "@iop/store-sqlite";
import { eventOf, streamIdOf } from "./data.js";
import type { Job, Measurement, RebuildStep } from "./job.js";
import { eventCount } from "./plan.js";
import { populateStore } from "./populate.js";
import { timed } from "./timed.js";

function tablesOf(store: IopStore) {
  if (store.tables === undefined) throw new Error("the store keeps no projection tables");
  return store.tables;
}

/** Whether the store already holds the job's shape (the verify workload of the same run wrote it). */
async function holdsShape(store: IopStore, job: Job): Promise<boolean> {
  const last = await store.readStream(streamIdOf(job.shape.streams - 1));
  return last.length === job.shape.eventsPerStream;
}

/**
 * One step of the rebuild workload on our SQLite store at `path`, each in a child of its own so
 * its peak memory is its own:
 * - `rebuild-populate` writes the job's shape (0 events when the store already holds it);
 * - `rebuild-live` replays it into the register in memory (`runLive`, its default page size);
 * - `rebuild-durable` rebuilds the register's table `iop_register` from zero (`catchUpTables`
 *   with `rebuild: true`, its default batch size), published at the end;
 * - `rebuild-append` appends one event (the next report) to the first agreement and catches the
 *   tables up.
 * @throws {Error} when a step reads, folds or writes another count than the shape makes.
 */
export async function runRebuildStep(job: Job, step: RebuildStep, path: string): Promise<Measurement> {
  const total = eventCount(job.shape);
  const store = await openSqliteStore({ path, synchronous: "normal" });
  try {
    switch (step) {
      case "rebuild-populate": {
        if (await holdsShape(store, job)) return { workload: step, events: 0, seconds: 0 };
        const { seconds } = await timed(() => populateStore(store, job.shape, job.batchSize));
        return { workload: step, events: total, seconds };
      }
      case "rebuild-live": {
        const { value: state, seconds } = await timed(() => runLive(registerProjection, store));
        const rows = Object.keys(state).length;
        if (rows !== job.shape.streams) throw new Error(`the live register has ${rows} rows`);
        return { workload: step, events: total, seconds };
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
        if (rows !== job.shape.streams) throw new Error(`iop_register has ${rows} rows`);
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
