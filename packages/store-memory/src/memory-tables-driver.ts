import type { TableRow, TableSchema } from "@iop/core";
import {
  catalogUnchanged,
  type ProjectionTablesDriver,
  type RowFilter,
  type StateQuery,
  type TableBuild,
  type TableCatalog,
  type TableCommit,
} from "@iop/core/adapter-kit";

/** One build's data: per table, per group, its rows; per group, its state's JSON text. */
interface BuildData {
  readonly build: TableBuild;
  readonly rows: Map<string, Map<string, readonly TableRow[]>>;
  readonly states: Map<string, string>;
}

interface Entry {
  live: BuildData | null;
  building: BuildData | null;
}

const catalogOf = (entry: Entry | undefined): TableCatalog => ({
  live: entry?.live?.build ?? null,
  building: entry?.building?.build ?? null,
});

/** Keys in the order SQL adapters return them: code units, which is what `COLLATE "C"` and SQLite's BINARY do. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Projection tables in process memory, with the semantics of the SQL adapters' (the shared
 * conformance suite holds it to them). Rows are kept as they are written, with `json` columns
 * as text, and parsed when read, so a reader gets a copy.
 */
export class MemoryTablesDriver implements ProjectionTablesDriver {
  readonly name = "memory projection tables";
  private readonly entries = new Map<string, Entry>();
  /** Table name → owning projection, for the tables of any build. */
  private readonly owners = new Map<string, string>();

  classify(): undefined {
    return undefined;
  }

  async catalog(projection: string): Promise<TableCatalog> {
    return catalogOf(this.entries.get(projection));
  }

  async startBuild(projection: string, expected: TableCatalog, build: TableBuild) {
    const entry = this.entries.get(projection);
    const current = catalogOf(entry);
    if (!catalogUnchanged(current, expected)) return "conflict" as const;
    for (const schema of build.schemas) {
      const owner = this.owners.get(schema.name);
      if (owner !== undefined && owner !== projection) return { tableInUse: schema.name, owner };
    }
    for (const schema of build.schemas) this.owners.set(schema.name, projection);
    const data: BuildData = {
      build,
      rows: new Map(build.schemas.map((schema) => [schema.name, new Map()])),
      states: new Map(),
    };
    this.entries.set(projection, { live: entry?.live ?? null, building: data });
    return "started" as const;
  }

  async states(
    projection: string,
    generation: number,
    query: StateQuery,
  ): Promise<ReadonlyMap<string, string>> {
    const states = this.buildOf(projection, generation)?.states;
    if (states === undefined) return new Map();
    if ("groups" in query) {
      const found = new Map<string, string>();
      for (const group of query.groups) {
        const state = states.get(group);
        if (state !== undefined) found.set(group, state);
      }
      return found;
    }
    const { afterGroup, limit } = query;
    const groups = [...states.keys()]
      .filter((group) => afterGroup === null || group > afterGroup)
      .sort(byCodeUnits)
      .slice(0, limit);
    return new Map(groups.map((group) => [group, states.get(group) as string]));
  }

  async commit(batch: TableCommit): Promise<"committed" | "conflict"> {
    const entry = this.entries.get(batch.projection);
    const data = this.buildOf(batch.projection, batch.generation);
    if (entry === undefined || data === undefined || data.build.checkpoint !== batch.expectedCheckpoint)
      return "conflict";
    for (const change of batch.changes) {
      for (const [table, groups] of data.rows) {
        const rows = change.rows[table] ?? [];
        if (rows.length === 0) groups.delete(change.group);
        else groups.set(change.group, rows);
      }
      if (change.stateJson === null) data.states.delete(change.group);
      else data.states.set(change.group, change.stateJson);
    }
    const moved: BuildData = { ...data, build: { ...data.build, checkpoint: batch.checkpoint } };
    if (entry.live === data) entry.live = moved;
    else entry.building = moved;
    return "committed";
  }

  async publish(projection: string, generation: number): Promise<"published" | "conflict"> {
    const entry = this.entries.get(projection);
    if (entry?.building?.build.generation !== generation) return "conflict";
    const old = entry.live;
    entry.live = entry.building;
    entry.building = null;
    const kept = new Set(entry.live.build.schemas.map((schema) => schema.name));
    for (const schema of old?.build.schemas ?? [])
      if (!kept.has(schema.name)) this.owners.delete(schema.name);
    return "published";
  }

  async select(table: TableSchema, filter: RowFilter): Promise<readonly TableRow[]> {
    const owner = this.owners.get(table.name);
    const live = owner === undefined ? undefined : this.entries.get(owner)?.live;
    const groups = live?.rows.get(table.name);
    if (groups === undefined) return [];
    const jsonColumns = table.columns.filter((column) => column.type === "json").map((column) => column.name);
    const rows: TableRow[] = [];
    for (const group of [...groups.keys()].sort(byCodeUnits))
      for (const row of groups.get(group) ?? [])
        if (filter.every(([column, value]) => row[column] === value))
          rows.push(
            jsonColumns.length === 0
              ? { ...row }
              : {
                  ...row,
                  ...Object.fromEntries(
                    jsonColumns.map((c) => [c, row[c] === null ? null : JSON.parse(row[c] as string)]),
                  ),
                },
          );
    return rows.sort(keyOrder(table));
  }

  async drop(projection: string): Promise<void> {
    this.entries.delete(projection);
    for (const [table, owner] of this.owners) if (owner === projection) this.owners.delete(table);
  }

  private buildOf(projection: string, generation: number): BuildData | undefined {
    const entry = this.entries.get(projection);
    if (entry?.live?.build.generation === generation) return entry.live;
    if (entry?.building?.build.generation === generation) return entry.building;
    return undefined;
  }
}

/** Group, then key columns, in the order SQL's `ORDER BY` gives for text, numbers and booleans. */
function keyOrder(table: TableSchema): (a: TableRow, b: TableRow) => number {
  const columns = [table.group, ...table.key];
  return (a, b) => {
    for (const column of columns) {
      const x = a[column];
      const y = b[column];
      if (x === y) continue;
      if (typeof x === "string" && typeof y === "string") return byCodeUnits(x, y);
      return Number(x) < Number(y) ? -1 : 1;
    }
    return 0;
  };
}
