import { InvalidStoreInputError, type RowFilter, type TableRow, type TableSchema } from "@iop/core";
import {
  catalogUnchanged,
  type DriverFailure,
  type ProjectionTablesDriver,
  type StateQuery,
  type TableBuild,
  type TableCatalog,
  type TableCommit,
} from "@iop/core/adapter-kit";
import type pg from "pg";
import { classifyPostgresError } from "./classify.js";
import { Database, type PostgresDriverOptions } from "./database.js";
import type { NamedSql, Statement } from "./sql.js";
import { type CatalogRow, type CatalogSql, catalogSql, toCatalog } from "./table-catalog-sql.js";
import {
  createTableSql,
  deleteGroupsSql,
  extendsColumns,
  insertRowsStatement,
  physicalTable,
  selectStatement,
  toTableRow,
  viewOf,
  viewSql,
} from "./table-sql.js";

const UNDEFINED_TABLE = "42P01";

const names = (build: TableBuild | null | undefined) => build?.schemas.map((schema) => schema.name) ?? [];

/** Statements of one transaction, on its client. */
interface Transaction {
  query<Row>(sql: NamedSql, values: readonly unknown[]): Promise<Row[]>;
  run<Row>(statement: Statement): Promise<Row[]>;
  /** DDL, sent unprepared: each text runs once. */
  ddl(text: string): Promise<void>;
}

type StartOutcome = Awaited<ReturnType<ProjectionTablesDriver["startBuild"]>>;

/**
 * Durable projection tables in PostgreSQL, under the core's `ProjectionTables`
 * (`store.tables` of a PostgreSQL store). A city's SQL reads them as plain views.
 *
 * - Each build of a projection has its own physical tables, `<table>__g<generation>`, with
 *   native column types (`text` in the `C` collation, `bigint`, `boolean`, `date`,
 *   `timestamptz`, `jsonb`), the group and key as primary key and the schema's indexes.
 * - Readers query `<schema>.<table>`, a view on the live build's table. Publishing repoints the
 *   views and drops the old build in one transaction, so a reader sees the old build or the new,
 *   never half of one; a rebuild's rows are invisible until then.
 * - A commit moves the checkpoint (only from the one expected), replaces the changed groups'
 *   rows (one `DELETE` and one bulk `INSERT … unnest()` per table) and their states in one
 *   transaction: a crash leaves all of it or none.
 * - The catalog (`projection_tables`), table owners and group states (`projection_states`) are
 *   tables of the store's schema (migration 7).
 *
 * The event store's driver has one on its pool and schema (`store.driver.tables`), closed with
 * it; one constructed on its own has its own pool unless given one, and migrates on first use.
 */
export class PostgresTablesDriver implements ProjectionTablesDriver {
  readonly name = "PostgreSQL projection tables";
  private readonly db: Database;
  private readonly ownsDatabase: boolean;
  private readonly sql: CatalogSql;

  /** @throws {InvalidStoreInputError} on field `schema` for a schema name that is not allowed. */
  constructor(options: PostgresDriverOptions);
  /** @internal the tables on `db`, which its owner closes. */
  constructor(options: PostgresDriverOptions | Database);
  constructor(options: PostgresDriverOptions | Database) {
    this.ownsDatabase = !(options instanceof Database);
    this.db = options instanceof Database ? options : new Database(options);
    this.sql = catalogSql(this.db.quoted);
  }

  classify(error: unknown): DriverFailure | undefined {
    return classifyPostgresError(error);
  }

  async catalog(projection: string): Promise<TableCatalog> {
    const [row] = await this.db.query<CatalogRow>({ ...this.sql.read, values: [projection] });
    return toCatalog(row);
  }

  async startBuild(projection: string, expected: TableCatalog, build: TableBuild): Promise<StartOutcome> {
    const outcome = await this.transaction<StartOutcome | { readonly clash: string }>(
      async (tx) => {
        await tx.query(this.sql.ensure, [projection]);
        const [row] = await tx.query<CatalogRow>(this.sql.lock, [projection]);
        if (row === undefined) throw new Error(`projection_tables lost the row of ${projection}`);
        const current = toCatalog(row);
        if (!catalogUnchanged(current, expected)) return "conflict";
        const no = row.projection_no;
        const tables = names(build);
        const live = names(current.live);
        // Names of an abandoned build that neither the live build nor this one keeps are free again.
        await tx.query(this.sql.releaseTables, [no, [...live, ...tables]]);
        await tx.query(this.sql.claimTables, [no, tables]);
        const [other] = await tx.query<{ table_name: string; name: string }>(this.sql.otherOwner, [
          no,
          tables,
        ]);
        if (other !== undefined) return { tableInUse: other.table_name, owner: other.name };
        const [clash] = await tx.query<{ relname: string }>(this.sql.foreignRelations, [
          this.db.schema,
          tables.filter((table) => !live.includes(table)),
        ]);
        if (clash !== undefined) return { clash: clash.relname };
        if (current.building !== null) await this.dropBuild(tx, no, current.building);
        for (const schema of build.schemas)
          for (const ddl of createTableSql(this.db.quoted, schema, build.generation)) await tx.ddl(ddl);
        await tx.query(this.sql.startBuild, [
          projection,
          build.generation,
          build.version,
          build.checkpoint,
          JSON.stringify(build.schemas),
        ]);
        return "started";
      },
      (outcome) => outcome === "started",
    );
    if (typeof outcome === "object" && "clash" in outcome) {
      const at = build.schemas.findIndex((schema) => schema.name === outcome.clash);
      throw new InvalidStoreInputError(
        `tables[${at}].name`,
        `${outcome.clash} is taken in schema ${this.db.schema} by something other than projection tables (the store's own tables, or a table or view of yours): choose another name`,
      );
    }
    return outcome;
  }

  async states(
    projection: string,
    generation: number,
    query: StateQuery,
  ): Promise<ReadonlyMap<string, string>> {
    const statement: Statement =
      "groups" in query
        ? { ...this.sql.statesOf, values: [projection, generation, query.groups] }
        : query.afterGroup === null
          ? { ...this.sql.statesFirst, values: [projection, generation, query.limit] }
          : { ...this.sql.statesAfter, values: [projection, generation, query.afterGroup, query.limit] };
    const rows = await this.db.query<{ group_id: string; state: string }>(statement);
    return new Map(rows.map((row) => [row.group_id, row.state]));
  }

  async commit(batch: TableCommit): Promise<"committed" | "conflict"> {
    const { projection, generation, changes } = batch;
    return this.transaction(
      async (tx) => {
        const [moved] = await tx.query<{ projection_no: string; schemas: string }>(this.sql.moveCheckpoint, [
          projection,
          generation,
          batch.expectedCheckpoint,
          batch.checkpoint,
        ]);
        if (moved === undefined) return "conflict";
        if (changes.length === 0) return "committed";
        const no = moved.projection_no;
        const groups = changes.map((change) => change.group);
        for (const table of JSON.parse(moved.schemas) as TableSchema[]) {
          await tx.query(deleteGroupsSql(this.db.quoted, table, generation), [groups]);
          const rows = changes.flatMap((change) => change.rows[table.name] ?? []);
          if (rows.length > 0) await tx.run(insertRowsStatement(this.db.quoted, table, generation, rows));
        }
        const forgotten = changes.filter((change) => change.stateJson === null).map((change) => change.group);
        const kept = changes.filter((change) => change.stateJson !== null);
        if (forgotten.length > 0) await tx.query(this.sql.deleteStates, [no, generation, forgotten]);
        if (kept.length > 0)
          await tx.query(this.sql.upsertStates, [
            no,
            generation,
            kept.map((change) => change.group),
            kept.map((change) => change.stateJson),
          ]);
        return "committed";
      },
      (outcome) => outcome === "committed",
    );
  }

  async publish(projection: string, generation: number): Promise<"published" | "conflict"> {
    return this.transaction(
      async (tx) => {
        const [row] = await tx.query<CatalogRow>(this.sql.lock, [projection]);
        const { live, building } = toCatalog(row);
        if (row === undefined || building?.generation !== generation) return "conflict";
        const s = this.db.quoted;
        // Views first: the old tables can then go with a plain DROP, which refuses (rather than
        // silently takes along) anything of a user's that still depends on them.
        for (const table of building.schemas) {
          const before = live?.schemas.find((schema) => schema.name === table.name);
          // Replacing keeps grants and users' views on it; dropping (for a column removed or
          // retyped) refuses while a user's view depends on it.
          if (before !== undefined && !extendsColumns(before, table))
            await tx.ddl(`DROP VIEW IF EXISTS ${viewOf(s, table.name)}`);
          await tx.ddl(viewSql(s, table, generation));
        }
        const kept = names(building);
        for (const table of names(live))
          if (!kept.includes(table)) await tx.ddl(`DROP VIEW IF EXISTS ${viewOf(s, table)}`);
        if (live !== null) await this.dropBuild(tx, row.projection_no, live);
        await tx.query(this.sql.releaseTables, [row.projection_no, kept]);
        await tx.query(this.sql.publish, [projection]);
        return "published";
      },
      (outcome) => outcome === "published",
    );
  }

  async select(table: TableSchema, filter: RowFilter): Promise<readonly TableRow[]> {
    let rows: Record<string, string | null>[];
    try {
      rows = await this.db.query(selectStatement(this.db.quoted, table, filter));
    } catch (error) {
      // No view yet: the table has never been published.
      if ((error as { code?: unknown } | null)?.code === UNDEFINED_TABLE) return [];
      throw error;
    }
    return rows.map((row) => toTableRow(table, row));
  }

  async drop(projection: string): Promise<void> {
    await this.transaction(
      async (tx) => {
        const [row] = await tx.query<CatalogRow>(this.sql.lock, [projection]);
        if (row === undefined) return;
        const { live, building } = toCatalog(row);
        for (const table of names(live)) await tx.ddl(`DROP VIEW IF EXISTS ${viewOf(this.db.quoted, table)}`);
        for (const build of [live, building])
          if (build !== null) await this.dropBuild(tx, row.projection_no, build);
        // The owners of its table names go with the catalog row (ON DELETE CASCADE).
        await tx.query(this.sql.delete, [projection]);
      },
      () => true,
    );
  }

  /** Ends the pool of a driver constructed on its own; the event store's closes with the store. */
  async close(): Promise<void> {
    if (this.ownsDatabase) await this.db.close();
  }

  /** Drops a build's physical tables and states. */
  private async dropBuild(tx: Transaction, no: string, build: TableBuild): Promise<void> {
    for (const table of names(build))
      await tx.ddl(`DROP TABLE IF EXISTS ${physicalTable(this.db.quoted, table, build.generation)}`);
    await tx.query(this.sql.dropStates, [no, build.generation]);
  }

  /**
   * Runs `work` in a transaction on one client: commits when `keep` says so, rolls back otherwise
   * (a refusal writes nothing) and on any failure (the client is then discarded).
   */
  private async transaction<T>(
    work: (tx: Transaction) => Promise<T>,
    keep: (outcome: T) => boolean,
  ): Promise<T> {
    return this.db.withClient(async (client: pg.PoolClient) => {
      const tx: Transaction = {
        query: (sql, values) => this.db.query({ ...sql, values }, client),
        run: (statement) => this.db.query(statement, client),
        ddl: async (text) => {
          await client.query(text);
        },
      };
      await client.query("BEGIN");
      try {
        const outcome = await work(tx);
        await client.query(keep(outcome) ? "COMMIT" : "ROLLBACK");
        return outcome;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    });
  }
}
