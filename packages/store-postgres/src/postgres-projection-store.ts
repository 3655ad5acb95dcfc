import {
  assertProjectionName,
  ProjectionConflictError,
  type ProjectionSnapshot,
  type ProjectionStore,
  prepareProjectionSave,
} from "@iop/core";
import type pg from "pg";
import { Database, type PostgresStoreOptions, type Queryable } from "./database.js";
import type { MigrateResult } from "./migrations.js";
import {
  deleteProjectionStatement,
  insertProjectionStatement,
  loadProjectionStatement,
  type ProjectionRow,
  type ProjectionSql,
  projectionSql,
  updateProjectionStatement,
} from "./projection-statements.js";
import { toSnapshot } from "./rows.js";

/** Options of {@link PostgresProjectionStore}. */
export type PostgresProjectionStoreOptions = PostgresStoreOptions;

/**
 * Durable projection snapshots in PostgreSQL: state (as `json`) and checkpoint in one row, so a
 * save moves both or neither. A save is a conditional write on the expected checkpoint, so
 * two runners of one projection cannot both advance it.
 *
 * {@link withClient} runs the same operations on a client of your own, e.g. to save inside a
 * transaction that also updates a read model.
 */
export class PostgresProjectionStore implements ProjectionStore {
  private readonly db: Database;
  private readonly via: Queryable | undefined;
  private readonly sql: ProjectionSql;

  constructor(options: PostgresProjectionStoreOptions);
  /** @internal a view of `db` that sends its statements through `via`. */
  constructor(options: PostgresProjectionStoreOptions | Database, via?: Queryable);
  constructor(options: PostgresProjectionStoreOptions | Database, via?: Queryable) {
    this.db = options instanceof Database ? options : new Database(options);
    this.via = via;
    this.sql = projectionSql(this.db.quoted);
  }

  /** The pool in use. */
  get pool(): pg.Pool {
    return this.db.pool;
  }

  /** Applies missing migrations now (otherwise the first operation does). */
  async migrate(): Promise<MigrateResult> {
    this.db.assertOpen();
    return this.db.migrate();
  }

  /**
   * The same store, sending its statements through `client`: for a save in the caller's
   * transaction (`BEGIN`, update a read model, `save`, `COMMIT`). The caller owns the client.
   * Migrations still run on the pool, before the first statement.
   */
  withClient(client: pg.ClientBase): PostgresProjectionStore {
    return new PostgresProjectionStore(this.db, client);
  }

  async load(name: string): Promise<ProjectionSnapshot | undefined> {
    this.db.assertOpen();
    assertProjectionName(name);
    const [row] = await this.db.query<ProjectionRow>(loadProjectionStatement(this.sql, name), this.via);
    return row === undefined ? undefined : toSnapshot(row);
  }

  async save(snapshot: ProjectionSnapshot, expectedCheckpoint: number | null): Promise<void> {
    this.db.assertOpen();
    const { stateJson: state } = prepareProjectionSave(snapshot, expectedCheckpoint);
    const { name, version, checkpoint } = snapshot;
    const statement =
      expectedCheckpoint === null
        ? insertProjectionStatement(this.sql, name, version, checkpoint, state)
        : updateProjectionStatement(this.sql, name, version, checkpoint, state, expectedCheckpoint);
    const rows = await this.db.query<{ name: string }>(statement, this.via);
    if (rows.length === 0) throw new ProjectionConflictError(name, expectedCheckpoint);
  }

  async delete(name: string): Promise<void> {
    this.db.assertOpen();
    assertProjectionName(name);
    await this.db.query(deleteProjectionStatement(this.sql, name), this.via);
  }

  /**
   * Refuses further use and ends the pool if the store created it. On a {@link withClient} view
   * it does nothing: the client and the store it came from belong to the caller.
   */
  async close(): Promise<void> {
    if (this.via === undefined) await this.db.close();
  }
}
