import type { IopStore } from "@iop/core";
import { builtInTables, catchUpTables, followTables, type TablesCatchUpResult } from "@iop/projections";
import type { Output } from "../output.js";

/** What `iop project` is asked. */
export interface ProjectOptions {
  readonly follow: boolean;
  readonly rebuild: boolean;
  readonly json: boolean;
  /** Stops `--follow` (the binary aborts it on SIGTERM and SIGINT). */
  readonly signal?: AbortSignal;
  /** How often `--follow` looks for new events. */
  readonly pollIntervalMs?: number;
}

/** One line of what a catch-up did, e.g. `iop_register: 19 events read, 6 agreements written, rebuilt and published at 19`. */
function describe(tables: string, result: TablesCatchUpResult): string {
  const what = result.published ? "built and published" : result.interrupted ? "stopped" : "up to date";
  return `${tables}: ${result.count.toLocaleString("sv-SE")} events read, ${result.written.toLocaleString("sv-SE")} agreements written, ${what} at position ${result.checkpoint}`;
}

/**
 * Builds the built-in read models as SQL tables in the store (`iop_register`, `iop_timeline`,
 * `iop_funding`, `iop_reports_due`, `iop_audit_trail`), or brings them up to date; with
 * `follow`, keeps them up to date until the signal stops it, between batches.
 */
export async function projectCommand(store: IopStore, options: ProjectOptions, io: Output): Promise<number> {
  const tables = store.tables;
  if (tables === undefined) {
    io.err(
      `this store keeps no tables: build them in a SQLite or PostgreSQL store (the events may stay where they are)`,
    );
    return 3;
  }
  const stores = { events: store, tables };
  const names = new Map(
    builtInTables.map((definition) => [definition.name, definition.schemas.map((s) => s.name).join(", ")]),
  );
  const report = (name: string, result: TablesCatchUpResult) => {
    io.progress?.(undefined);
    const tablesOf = names.get(name) ?? name;
    io.out(
      options.json
        ? JSON.stringify({ projection: name, tables: tablesOf, ...result })
        : describe(tablesOf, result),
    );
  };
  const signal = options.signal ?? new AbortController().signal;
  for (const definition of builtInTables) {
    if (signal.aborted) break;
    const result = await catchUpTables(definition, stores, {
      rebuild: options.rebuild,
      signal,
      onProgress: ({ count }) =>
        io.progress?.(`${names.get(definition.name)}: ${count.toLocaleString("sv-SE")} events read`),
    });
    report(definition.name, result);
  }
  if (!options.follow || signal.aborted) return 0;
  if (!options.json) io.err("following the store; stop with Ctrl-C or SIGTERM");
  await followTables(builtInTables, stores, {
    signal,
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    onCatchUp: report,
  });
  if (!options.json) io.err("stopped between batches; the tables hold everything read so far");
  return 0;
}

/**
 * Rebuilds the built-in tables that are built in the store, from the events as they read now:
 * after an erasure, so no table or stored state keeps a name the events no longer give.
 * @returns how many table projections were rebuilt.
 */
export async function rebuildBuiltTables(store: IopStore): Promise<number> {
  const tables = store.tables;
  if (tables === undefined) return 0;
  let rebuilt = 0;
  for (const definition of builtInTables) {
    const { live, building } = await tables.catalog(definition.name);
    if (live === null && building === null) continue;
    await catchUpTables(definition, { events: store, tables }, { rebuild: true });
    rebuilt += 1;
  }
  return rebuilt;
}
