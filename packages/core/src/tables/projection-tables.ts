import { InvalidStoreInputError, ProjectionConflictError, StoreClosedError } from "../errors/index.js";
import { driverFailure } from "../store/driver-failure.js";
import type { Json } from "../store/envelope.js";
import { checkedJson, exactJson } from "../store/exact-json.js";
import { assertProjectionName } from "../store/store-input.js";
import type {
  PreparedGroupChange,
  ProjectionTablesDriver,
  RowFilter,
  TableBuild,
  TableCatalog,
} from "./table-driver.js";
import {
  assertTableSchemas,
  columnValue,
  prepareRow,
  type TableRow,
  type TableSchema,
} from "./table-schema.js";

/** A group's state and rows after a batch, as a projection runner hands them in. */
export interface GroupChange {
  readonly group: string;
  /** The group's fold state (JSON), or `null` to forget the group. */
  readonly state: Json | null;
  /** Per table, the group's rows: they replace every row of the group in that table. */
  readonly rows: Readonly<Record<string, readonly TableRow[]>>;
}

/** Where a build stands, from {@link ProjectionTables.prepare}. */
export interface PreparedBuild {
  readonly generation: number;
  readonly checkpoint: number;
  /** True when the build is the one readers see (a catch-up), false while it is being built. */
  readonly live: boolean;
}

/** The largest group id, in UTF-16 code units. */
const MAX_GROUP_LENGTH = 1000;

function assertGroup(group: unknown, field: string): asserts group is string {
  if (
    typeof group !== "string" ||
    group.length === 0 ||
    group.length > MAX_GROUP_LENGTH ||
    !group.isWellFormed() ||
    group.includes("\u0000")
  )
    throw new InvalidStoreInputError(
      field,
      `must be 1–${MAX_GROUP_LENGTH} characters of well-formed text without NUL`,
    );
}

function assertCheckpoint(value: unknown, field: string): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    throw new InvalidStoreInputError(field, "must be a non-negative safe integer");
}

const sameSchemas = (a: readonly TableSchema[], b: readonly TableSchema[]) =>
  exactJson(a as unknown as Json, "tables") === exactJson(b as unknown as Json, "tables");

/**
 * Durable projection tables: a projection's read model as rows with typed columns, which a
 * city's SQL can query, built beside the events. The core's half of every adapter's tables:
 * it checks each input and each row against its table's schema, keeps the build rules and
 * turns driver failures into the port's typed errors; the driver only stores.
 *
 * A projection's tables are built as a **build**: a version change (or a rebuild) fills new
 * physical copies while readers keep seeing the old ones, and {@link publish} switches them
 * over in one transaction when it is done. Each {@link commit} writes a batch's group rows,
 * group states and checkpoint atomically and only from the checkpoint it expects.
 */
export class ProjectionTables {
  private closed = false;

  constructor(private readonly driver: ProjectionTablesDriver) {}

  /** The live and building builds of a projection. */
  async catalog(projection: string): Promise<TableCatalog> {
    return this.run(() => {
      assertProjectionName(projection);
      return this.driver.catalog(projection);
    });
  }

  /**
   * Where a runner of `version` continues: the live build when it is of `version` and has the
   * same tables (and `rebuild` is not asked), else an unfinished build of `version`, else a new
   * build from checkpoint 0.
   * @throws {InvalidStoreInputError} for bad schemas, or a live build of the same version whose
   *   tables differ (bump the version).
   * @throws {ProjectionConflictError} when another runner started a build in between.
   */
  async prepare(
    projection: string,
    version: number,
    schemas: readonly TableSchema[],
    options: { readonly rebuild?: boolean } = {},
  ): Promise<PreparedBuild> {
    return this.run(async () => {
      assertProjectionName(projection);
      if (!Number.isSafeInteger(version) || version < 1)
        throw new InvalidStoreInputError("version", "must be a positive integer");
      assertTableSchemas(schemas);
      const catalog = await this.driver.catalog(projection);
      const { live, building } = catalog;
      if (options.rebuild !== true) {
        if (live !== null && live.version === version) {
          if (!sameSchemas(live.schemas, schemas))
            throw new InvalidStoreInputError(
              "tables",
              `differ from those of the live build of ${projection} version ${version}: bump the projection's version`,
            );
          return { generation: live.generation, checkpoint: live.checkpoint, live: true };
        }
        if (building !== null && building.version === version && sameSchemas(building.schemas, schemas))
          return { generation: building.generation, checkpoint: building.checkpoint, live: false };
      }
      const generation = Math.max(live?.generation ?? 0, building?.generation ?? 0) + 1;
      const build: TableBuild = { generation, version, checkpoint: 0, schemas };
      const outcome = await this.driver.startBuild(projection, catalog, build);
      if (outcome === "conflict") throw new ProjectionConflictError(projection, building?.checkpoint ?? null);
      if (outcome !== "started")
        throw new InvalidStoreInputError(
          "tables",
          `${outcome.tableInUse} belongs to projection ${JSON.stringify(outcome.owner)}`,
        );
      return { generation, checkpoint: 0, live: false };
    });
  }

  /** The stored states of the named groups of a build (absent groups are left out). */
  async states(
    projection: string,
    generation: number,
    groups: readonly string[],
  ): Promise<Map<string, Json>> {
    return this.run(async () => {
      assertProjectionName(projection);
      for (const [i, group] of groups.entries()) assertGroup(group, `groups[${i}]`);
      return parsed(await this.driver.states(projection, generation, { groups }));
    });
  }

  /**
   * A page of the live build's group states in group order, after `afterGroup`; `undefined`
   * when the projection has no live build.
   */
  async liveStates(
    projection: string,
    page: { readonly afterGroup?: string; readonly limit?: number } = {},
  ): Promise<Map<string, Json> | undefined> {
    return this.run(async () => {
      assertProjectionName(projection);
      const { live } = await this.driver.catalog(projection);
      if (live === null) return undefined;
      const limit = page.limit ?? 1000;
      if (!Number.isSafeInteger(limit) || limit < 1)
        throw new InvalidStoreInputError("limit", "must be a positive integer");
      if (page.afterGroup !== undefined) assertGroup(page.afterGroup, "afterGroup");
      return parsed(
        await this.driver.states(projection, live.generation, { afterGroup: page.afterGroup ?? null, limit }),
      );
    });
  }

  /**
   * Writes a batch: each changed group's rows (replacing its rows in every table of the build)
   * and state, and the checkpoint, all or nothing.
   * @throws {InvalidStoreInputError} for a row that does not fit its table, naming it.
   * @throws {ProjectionConflictError} when the build is no longer at `expectedCheckpoint`.
   */
  async commit(
    projection: string,
    build: { readonly generation: number; readonly schemas: readonly TableSchema[] },
    batch: {
      readonly expectedCheckpoint: number;
      readonly checkpoint: number;
      readonly changes: readonly GroupChange[];
    },
  ): Promise<void> {
    return this.run(async () => {
      assertProjectionName(projection);
      assertCheckpoint(batch.expectedCheckpoint, "expectedCheckpoint");
      assertCheckpoint(batch.checkpoint, "checkpoint");
      if (batch.checkpoint < batch.expectedCheckpoint)
        throw new InvalidStoreInputError("checkpoint", "must not be before expectedCheckpoint");
      const byName = new Map(build.schemas.map((schema) => [schema.name, schema]));
      const seen = new Set<string>();
      const changes: PreparedGroupChange[] = batch.changes.map((change, c) => {
        const at = `changes[${c}]`;
        assertGroup(change.group, `${at}.group`);
        if (seen.has(change.group))
          throw new InvalidStoreInputError(`${at}.group`, `changes ${change.group} twice`);
        seen.add(change.group);
        const rows: Record<string, Record<string, unknown>[]> = {};
        for (const [table, list] of Object.entries(change.rows)) {
          const schema = byName.get(table);
          if (schema === undefined)
            throw new InvalidStoreInputError(`${at}.rows.${table}`, "is not a table of the build");
          rows[table] = list.map((row, r) => {
            const prepared = prepareRow(schema, row, `${at}.rows.${table}[${r}]`);
            if (prepared[schema.group] !== change.group)
              throw new InvalidStoreInputError(
                `${at}.rows.${table}[${r}].${schema.group}`,
                `must be the group ${change.group}`,
              );
            return prepared;
          });
        }
        return {
          group: change.group,
          stateJson: change.state === null ? null : checkedJson(change.state, `${at}.state`),
          rows: rows as PreparedGroupChange["rows"],
        };
      });
      const outcome = await this.driver.commit({
        projection,
        generation: build.generation,
        expectedCheckpoint: batch.expectedCheckpoint,
        checkpoint: batch.checkpoint,
        changes,
      });
      if (outcome === "conflict") throw new ProjectionConflictError(projection, batch.expectedCheckpoint);
    });
  }

  /**
   * Switches readers over to a finished build, in one transaction; the old build is dropped.
   * @throws {ProjectionConflictError} when it is no longer the building one.
   */
  async publish(projection: string, generation: number): Promise<void> {
    return this.run(async () => {
      assertProjectionName(projection);
      if ((await this.driver.publish(projection, generation)) === "conflict")
        throw new ProjectionConflictError(projection, null);
    });
  }

  /**
   * The rows of a live table matching every `[column, value]` filter, in group and key order.
   * @throws {InvalidStoreInputError} for a column the table does not have.
   */
  async select(table: TableSchema, filter: RowFilter = []): Promise<readonly TableRow[]> {
    return this.run(() => {
      assertTableSchemas([table], "table");
      filter.forEach(([column, value], i) => {
        const spec = table.columns.find((c) => c.name === column);
        if (spec === undefined)
          throw new InvalidStoreInputError(`filter[${i}]`, `${table.name} has no column ${column}`);
        if (spec.type === "json")
          throw new InvalidStoreInputError(`filter[${i}]`, `${column} is JSON: filter on a typed column`);
        if (value !== null) columnValue(spec.type, value, `filter[${i}]`);
      });
      return this.driver.select(table, filter);
    });
  }

  /** Forgets a projection's tables, states and catalog entry. */
  async drop(projection: string): Promise<void> {
    return this.run(() => {
      assertProjectionName(projection);
      return this.driver.drop(projection);
    });
  }

  /** Closes a driver this object owns (a store's tables close with the store). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.driver.close?.();
  }

  private async run<T>(work: () => T | Promise<T>): Promise<T> {
    if (this.closed) throw new StoreClosedError();
    try {
      return await work();
    } catch (error) {
      throw driverFailure(this.driver, error);
    }
  }
}

function parsed(states: ReadonlyMap<string, string>): Map<string, Json> {
  const result = new Map<string, Json>();
  for (const [group, json] of states) result.set(group, JSON.parse(json) as Json);
  return result;
}
