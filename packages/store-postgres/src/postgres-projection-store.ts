import { ProjectionConflictError, type ProjectionSnapshot, type ProjectionStore } from "@iop/core";
import { assertProjectionName, prepareProjectionSave } from "@iop/core/adapter-kit";
import type pg from "pg";
import { Database, type PostgresDriverOptions, type Queryable } from "./database.js";
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
import type { Statement } from "./sql.js";
import { toStoreError } from "./store-error.js";

/** Options of a {@link PostgresProjectionStore} of its own (the event store's is `store.driver.projections`). */
export type PostgresProjectionStoreOptions = PostgresDriverOptions;

/**
 * Durable projection snapshots in PostgreSQL: state (as `json`) and checkpoint in one row, so a
 * save moves both or neither. A save is a conditional write on the expected checkpoint, so
 * two runners of one projection cannot both advance it.
 *
 * The event store's driver has one on its own pool and schema (`store.driver.projections`),
 * closed with the store; one constructed on its own migrates on first use and has a pool of its
 * own unless given one. {@link withClient} runs the same operations on a client of your own, e.g.
 * to save inside a transaction that also updates a read model. Failures are the port's typed
 * errors, as the event store's are.
 */
export class PostgresProjectionStore implements ProjectionStore {
  private readonly db: Database;
  private readonly via: Queryable | undefined;
  private readonly ownsDatabase: boolean;
  private readonly sql: ProjectionSql;

  /** @throws {InvalidStoreInputError} on field `schema` for a schema name that is not allowed. */
  constructor(options: PostgresProjectionStoreOptions);
  /** @internal the projection store on `db`, which its owner closes; statements go through `via`. */
  constructor(options: PostgresProjectionStoreOptions | Database, via?: Queryable);
  constructor(options: PostgresProjectionStoreOptions | Database, via?: Queryable) {
    this.ownsDatabase = !(options instanceof Database);
    this.db = options instanceof Database ? options : new Database(options);
    this.via = via;
    this.sql = projectionSql(this.db.quoted);
  }

  /** The pool in use. */
  get pool(): pg.Pool {
    return this.db.pool;
  }

  /** The schema holding the table. */
  get schema(): string {
    return this.db.schema;
  }

  /** Applies missing migrations now (otherwise the first operation does, unless `migrate: false`). */
  async migrate(): Promise<MigrateResult> {
    try {
      return await this.db.migrate();
    } catch (error) {
      throw toStoreError(error);
    }
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
    const [row] = await this.run<ProjectionRow>(loadProjectionStatement(this.sql, name));
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
    const rows = await this.run<{ name: string }>(statement);
    if (rows.length === 0) throw new ProjectionConflictError(name, expectedCheckpoint);
  }

  async delete(name: string): Promise<void> {
    this.db.assertOpen();
    assertProjectionName(name);
    await this.run(deleteProjectionStatement(this.sql, name));
  }

  /**
   * Refuses further use and ends the pool if the store created it. It does nothing on the event
   * store's projection store (the store closes it) nor on a {@link withClient} view.
   */
  async close(): Promise<void> {
    if (this.ownsDatabase) await this.db.close();
  }

  private async run<Row>(statement: Statement): Promise<Row[]> {
    try {
      return await this.db.query<Row>(statement, this.via);
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
