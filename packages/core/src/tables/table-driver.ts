import type { DriverFailure } from "../store/driver.js";
import type { ColumnValue, TableRow, TableSchema } from "./table-schema.js";

/** One build of a projection's tables: its own physical copies, its version and checkpoint. */
export interface TableBuild {
  /** Increases with every build of the projection; names the physical copies (`physicalTableName`). */
  readonly generation: number;
  /** The projection's version the build is for. */
  readonly version: number;
  /** Global position of the last event folded into the build. */
  readonly checkpoint: number;
  readonly schemas: readonly TableSchema[];
}

/** What a store holds of one table projection: the build readers see, and one being built. */
export interface TableCatalog {
  readonly live: TableBuild | null;
  readonly building: TableBuild | null;
}

/** A group's new rows and state, checked and serialised by the core (`json` columns as text). */
export interface PreparedGroupChange {
  readonly group: string;
  /** The group's fold state as JSON text, or `null` to forget the group. */
  readonly stateJson: string | null;
  /** Per table name, the group's rows after the batch: they replace all its rows there. */
  readonly rows: Readonly<Record<string, readonly Readonly<Record<string, ColumnValue>>[]>>;
}

/** A batch of a build, written atomically with its checkpoint move. */
export interface TableCommit {
  readonly projection: string;
  readonly generation: number;
  readonly expectedCheckpoint: number;
  readonly checkpoint: number;
  readonly changes: readonly PreparedGroupChange[];
}

/** Which group states to read: named ones, or a page in group order. */
export type StateQuery =
  | { readonly groups: readonly string[] }
  | { readonly afterGroup: string | null; readonly limit: number };

/** Equality filters on a live table, every one must hold. */
export type RowFilter = readonly (readonly [column: string, value: string | number | boolean | null])[];

/**
 * The storage part of projection tables, written once per adapter under the core's
 * `ProjectionTables` (which checks every input, serialises JSON, keeps the build rules and
 * translates failures). The conformance suite in `@iop/store-testkit` holds a driver to this.
 *
 * A driver keeps, per projection, a catalog row (live and building build), each build's
 * physical tables (`physicalTableName(table, generation)`), a state per group and build, and
 * for each live table a view under the table's own name that readers query.
 */
export interface ProjectionTablesDriver {
  /** For messages: `SQLite projection tables`. */
  readonly name: string;
  classify(error: unknown): DriverFailure | undefined;
  catalog(projection: string): Promise<TableCatalog>;
  /**
   * Starts a build: drops the unfinished build's tables and states, creates the new build's
   * tables and records it as building at checkpoint 0. `"conflict"` when the catalog is no
   * longer `expected` (another runner started one); `tableInUse` when another projection owns
   * a table name.
   */
  startBuild(
    projection: string,
    expected: TableCatalog,
    build: TableBuild,
  ): Promise<"started" | "conflict" | { readonly tableInUse: string; readonly owner: string }>;
  /** The states of a build's groups as JSON text, by group. */
  states(projection: string, generation: number, query: StateQuery): Promise<ReadonlyMap<string, string>>;
  /** Writes a batch if the build is still at `expectedCheckpoint`, atomically. */
  commit(batch: TableCommit): Promise<"committed" | "conflict">;
  /**
   * Makes the build live in one transaction: the views point at its tables, the old live build's
   * tables and states are dropped. `"conflict"` when it is no longer the building one.
   */
  publish(projection: string, generation: number): Promise<"published" | "conflict">;
  /** Rows of a live table matching every filter, in group and key order, `json` columns parsed. */
  select(table: TableSchema, filter: RowFilter): Promise<readonly TableRow[]>;
  /** Forgets the projection: catalog, tables, views and states. */
  drop(projection: string): Promise<void>;
  close?(): Promise<void>;
}

const sameBuild = (a: TableBuild | null, b: TableBuild | null) =>
  a === b || (a !== null && b !== null && a.generation === b.generation && a.checkpoint === b.checkpoint);

/**
 * True when a catalog read under a driver's lock is still the one `startBuild` was planned on:
 * the same live and building builds, at the same checkpoints. Every driver decides a
 * `"conflict"` with it.
 */
export function catalogUnchanged(current: TableCatalog, expected: TableCatalog): boolean {
  return sameBuild(current.live, expected.live) && sameBuild(current.building, expected.building);
}
