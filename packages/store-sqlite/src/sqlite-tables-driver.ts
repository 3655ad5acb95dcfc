import type { ColumnSpec, TableRow, TableSchema } from "@iop/core";
import {
  catalogUnchanged,
  type DriverFailure,
  type PreparedGroupChange,
  type ProjectionTablesDriver,
  physicalTableName,
  type RowFilter,
  type StateQuery,
  type TableBuild,
  type TableCatalog,
  type TableCommit,
} from "@iop/core/adapter-kit";
import type Database from "better-sqlite3";
import type { SqliteConnection } from "./connection.js";
import { classifySqliteFailure } from "./sqlite-failure.js";

type CatalogRow = {
  live_generation: number | null;
  live_version: number | null;
  live_checkpoint: number | null;
  live_schemas: string | null;
  building_generation: number | null;
  building_version: number | null;
  building_checkpoint: number | null;
  building_schemas: string | null;
};

type Slot = "live" | "building";

function buildOf(row: CatalogRow | undefined, slot: Slot): TableBuild | null {
  const generation = row?.[`${slot}_generation`];
  if (row === undefined || generation === null || generation === undefined) return null;
  return {
    generation,
    version: row[`${slot}_version`] as number,
    checkpoint: row[`${slot}_checkpoint`] as number,
    schemas: JSON.parse(row[`${slot}_schemas`] as string) as TableSchema[],
  };
}

/** Table and column names are checked lower-case identifiers; quoting keeps them out of SQL's keywords. */
const q = (identifier: string) => `"${identifier}"`;

function sqlType(column: ColumnSpec): string {
  const nullable = column.nullable === true;
  const check = (condition: string) =>
    ` CHECK (${q(column.name)} IS NULL OR ${condition.replaceAll("$", q(column.name))})`;
  switch (column.type) {
    case "text":
    case "instant":
      return `TEXT${nullable ? "" : " NOT NULL"}`;
    case "date":
      return `TEXT${nullable ? "" : " NOT NULL"}${check("date($) IS $")}`;
    case "json":
      return `TEXT${nullable ? "" : " NOT NULL"}${check("json_valid($)")}`;
    case "integer":
      return `INTEGER${nullable ? "" : " NOT NULL"}`;
    case "boolean":
      return `INTEGER${nullable ? "" : " NOT NULL"}${check("$ IN (0, 1)")}`;
  }
}

/** The DDL of one build's copy of a table: typed columns, the group and key as primary key, the indexes. */
function createTableSql(schema: TableSchema, generation: number): string {
  const table = physicalTableName(schema.name, generation);
  const columns = schema.columns.map((column) => `${q(column.name)} ${sqlType(column)}`);
  const key = [schema.group, ...schema.key].map(q).join(", ");
  const indexes = (schema.indexes ?? []).map(
    (index, i) => `CREATE INDEX ${q(`${table}__i${i}`)} ON ${q(table)} (${index.map(q).join(", ")});`,
  );
  return [`CREATE TABLE ${q(table)} (${columns.join(", ")}, PRIMARY KEY (${key})) STRICT;`, ...indexes].join(
    "\n",
  );
}

/** A value as SQLite stores it: booleans as 0 and 1. */
const toSql = (value: unknown) => (value === true ? 1 : value === false ? 0 : value);

/**
 * Projection tables in the store's SQLite file, on its connection. Each build's tables are
 * `STRICT` tables named `<table>__g<generation>`; readers query a view named after the table,
 * which {@link publish} points at the new build in the same transaction that drops the old one.
 * Booleans are 0 and 1, dates `YYYY-MM-DD` text, instants ISO 8601 text, JSON text.
 */
export class SqliteTablesDriver implements ProjectionTablesDriver {
  readonly name = "SQLite projection tables";
  private readonly inserts = new Map<string, Database.Statement>();
  private readonly deletes = new Map<string, Database.Statement>();

  // The statements every batch runs, prepared once (the tables exist from schema step 6 on).
  private readonly selectCatalog: Database.Statement<[string], CatalogRow>;
  private readonly selectState: Database.Statement<[string, number, string], { state: string }>;
  private readonly selectStatesPage: Database.Statement<
    [string, number, string | null, string | null, number],
    { group_id: string; state: string }
  >;
  private readonly upsertState: Database.Statement<[string, number, string, string]>;
  private readonly deleteState: Database.Statement<[string, number, string]>;
  private readonly moveCheckpoint: Record<Slot, Database.Statement<[number, string]>>;

  /** @internal Made by `SqliteDriver` when it opens. */
  constructor(private readonly connection: SqliteConnection) {
    const db = connection.db;
    this.selectCatalog = db.prepare("SELECT * FROM projection_tables WHERE name = ?");
    this.selectState = db.prepare(
      "SELECT state FROM projection_states WHERE projection = ? AND generation = ? AND group_id = ?",
    );
    this.selectStatesPage = db.prepare(
      `SELECT group_id, state FROM projection_states
        WHERE projection = ? AND generation = ? AND (? IS NULL OR group_id > ?)
        ORDER BY group_id LIMIT ?`,
    );
    this.upsertState = db.prepare(
      `INSERT INTO projection_states (projection, generation, group_id, state) VALUES (?, ?, ?, ?)
       ON CONFLICT (projection, generation, group_id) DO UPDATE SET state = excluded.state`,
    );
    this.deleteState = db.prepare(
      "DELETE FROM projection_states WHERE projection = ? AND generation = ? AND group_id = ?",
    );
    this.moveCheckpoint = {
      live: db.prepare("UPDATE projection_tables SET live_checkpoint = ? WHERE name = ?"),
      building: db.prepare("UPDATE projection_tables SET building_checkpoint = ? WHERE name = ?"),
    };
  }

  classify(error: unknown): DriverFailure | undefined {
    return classifySqliteFailure(error, this.connection.path);
  }

  async catalog(projection: string): Promise<TableCatalog> {
    return this.catalogNow(projection);
  }

  async startBuild(projection: string, expected: TableCatalog, build: TableBuild) {
    this.connection.assertWritable();
    const db = this.connection.db;
    return db
      .transaction(() => {
        const current = this.catalogNow(projection);
        if (!catalogUnchanged(current, expected)) return "conflict" as const;
        for (const schema of build.schemas) {
          const owner = db
            .prepare<[string], { projection: string }>(
              "SELECT projection FROM projection_table_owners WHERE table_name = ?",
            )
            .get(schema.name)?.projection;
          if (owner !== undefined && owner !== projection) return { tableInUse: schema.name, owner };
        }
        if (current.building !== null) this.dropBuild(projection, current.building);
        for (const schema of build.schemas) db.exec(createTableSql(schema, build.generation));
        db.prepare(
          `INSERT INTO projection_tables (name, building_generation, building_version, building_checkpoint, building_schemas)
           VALUES (?, ?, ?, 0, ?)
           ON CONFLICT (name) DO UPDATE SET building_generation = excluded.building_generation,
             building_version = excluded.building_version, building_checkpoint = 0,
             building_schemas = excluded.building_schemas`,
        ).run(projection, build.generation, build.version, JSON.stringify(build.schemas));
        this.setOwners(projection, [...(current.live?.schemas ?? []), ...build.schemas]);
        return "started" as const;
      })
      .immediate();
  }

  async states(
    projection: string,
    generation: number,
    query: StateQuery,
  ): Promise<ReadonlyMap<string, string>> {
    this.connection.assertOpen();
    const found = new Map<string, string>();
    if ("groups" in query) {
      for (const group of query.groups) {
        const state = this.selectState.get(projection, generation, group)?.state;
        if (state !== undefined) found.set(group, state);
      }
      return found;
    }
    const rows = this.selectStatesPage.all(
      projection,
      generation,
      query.afterGroup,
      query.afterGroup,
      query.limit,
    );
    for (const row of rows) found.set(row.group_id, row.state);
    return found;
  }

  async commit(batch: TableCommit): Promise<"committed" | "conflict"> {
    this.connection.assertWritable();
    const db = this.connection.db;
    return db
      .transaction(() => {
        const catalog = this.catalogNow(batch.projection);
        const slot: Slot | undefined =
          catalog.live?.generation === batch.generation
            ? "live"
            : catalog.building?.generation === batch.generation
              ? "building"
              : undefined;
        const build = slot === undefined ? null : catalog[slot];
        if (slot === undefined || build === null || build.checkpoint !== batch.expectedCheckpoint)
          return "conflict";
        this.moveCheckpoint[slot].run(batch.checkpoint, batch.projection);
        this.writeChanges(batch.projection, build, batch.changes);
        return "committed";
      })
      .immediate() as "committed" | "conflict";
  }

  async publish(projection: string, generation: number): Promise<"published" | "conflict"> {
    this.connection.assertWritable();
    const db = this.connection.db;
    return db
      .transaction(() => {
        const { live, building } = this.catalogNow(projection);
        if (building?.generation !== generation) return "conflict" as const;
        for (const schema of building.schemas) {
          db.exec(`DROP VIEW IF EXISTS ${q(schema.name)}`);
          db.exec(
            `CREATE VIEW ${q(schema.name)} AS SELECT * FROM ${q(physicalTableName(schema.name, generation))}`,
          );
        }
        if (live !== null) {
          const kept = new Set(building.schemas.map((schema) => schema.name));
          for (const schema of live.schemas)
            if (!kept.has(schema.name)) db.exec(`DROP VIEW IF EXISTS ${q(schema.name)}`);
          this.dropBuild(projection, live);
        }
        db.prepare(
          `UPDATE projection_tables SET live_generation = building_generation, live_version = building_version,
             live_checkpoint = building_checkpoint, live_schemas = building_schemas,
             building_generation = NULL, building_version = NULL, building_checkpoint = NULL, building_schemas = NULL
           WHERE name = ?`,
        ).run(projection);
        this.setOwners(projection, building.schemas);
        return "published" as const;
      })
      .immediate();
  }

  async select(table: TableSchema, filter: RowFilter): Promise<readonly TableRow[]> {
    const db = this.connection.db;
    const exists = db
      .prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'view' AND name = ?")
      .get(table.name);
    if (exists === undefined) return [];
    const where = filter.map(([column, value]) =>
      value === null ? `${q(column)} IS NULL` : `${q(column)} = ?`,
    );
    const values = filter.flatMap(([, value]) => (value === null ? [] : [toSql(value)]));
    const order = [table.group, ...table.key].map(q).join(", ");
    const rows = db
      .prepare(
        `SELECT ${table.columns.map((column) => q(column.name)).join(", ")} FROM ${q(table.name)}
         ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`} ORDER BY ${order}`,
      )
      .all(...values) as Record<string, unknown>[];
    const decoders = table.columns.flatMap((column) =>
      column.type === "boolean"
        ? [[column.name, (v: unknown) => v === 1] as const]
        : column.type === "json"
          ? [[column.name, (v: unknown) => JSON.parse(v as string)] as const]
          : [],
    );
    if (decoders.length > 0)
      for (const row of rows)
        for (const [name, decode] of decoders) if (row[name] !== null) row[name] = decode(row[name]);
    return rows as TableRow[];
  }

  async drop(projection: string): Promise<void> {
    this.connection.assertWritable();
    const db = this.connection.db;
    db.transaction(() => {
      const { live, building } = this.catalogNow(projection);
      if (live !== null) {
        for (const schema of live.schemas) db.exec(`DROP VIEW IF EXISTS ${q(schema.name)}`);
        this.dropBuild(projection, live);
      }
      if (building !== null) this.dropBuild(projection, building);
      db.prepare("DELETE FROM projection_tables WHERE name = ?").run(projection);
      db.prepare("DELETE FROM projection_table_owners WHERE projection = ?").run(projection);
    }).immediate();
  }

  private catalogNow(projection: string): TableCatalog {
    this.connection.assertOpen();
    const row = this.selectCatalog.get(projection);
    return { live: buildOf(row, "live"), building: buildOf(row, "building") };
  }

  private dropBuild(projection: string, build: TableBuild): void {
    const db = this.connection.db;
    for (const schema of build.schemas) {
      const table = physicalTableName(schema.name, build.generation);
      db.exec(`DROP TABLE IF EXISTS ${q(table)}`);
      this.inserts.delete(table);
      this.deletes.delete(table);
    }
    db.prepare("DELETE FROM projection_states WHERE projection = ? AND generation = ?").run(
      projection,
      build.generation,
    );
  }

  private setOwners(projection: string, schemas: readonly TableSchema[]): void {
    const db = this.connection.db;
    db.prepare("DELETE FROM projection_table_owners WHERE projection = ?").run(projection);
    const insert = db.prepare(
      "INSERT OR IGNORE INTO projection_table_owners (table_name, projection) VALUES (?, ?)",
    );
    for (const schema of schemas) insert.run(schema.name, projection);
  }

  private writeChanges(projection: string, build: TableBuild, changes: readonly PreparedGroupChange[]): void {
    for (const schema of build.schemas) {
      const table = physicalTableName(schema.name, build.generation);
      const remove = this.statement(
        this.deletes,
        table,
        () => `DELETE FROM ${q(table)} WHERE ${q(schema.group)} = ?`,
      );
      const insert = this.statement(
        this.inserts,
        table,
        () =>
          `INSERT INTO ${q(table)} (${schema.columns.map((c) => q(c.name)).join(", ")})
           VALUES (${schema.columns.map(() => "?").join(", ")})`,
      );
      for (const change of changes) {
        remove.run(change.group);
        for (const row of change.rows[schema.name] ?? [])
          insert.run(...schema.columns.map((column) => toSql(row[column.name])));
      }
    }
    for (const change of changes)
      if (change.stateJson === null) this.deleteState.run(projection, build.generation, change.group);
      else this.upsertState.run(projection, build.generation, change.group, change.stateJson);
  }

  private statement(
    cache: Map<string, Database.Statement>,
    table: string,
    sql: () => string,
  ): Database.Statement {
    let statement = cache.get(table);
    if (statement === undefined) {
      statement = this.connection.db.prepare(sql());
      cache.set(table, statement);
    }
    return statement;
  }
}
