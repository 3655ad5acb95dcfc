import { StoreClosedError } from "@iop/core";
import type pg from "pg";
import { isPoolEnded } from "./classify.js";
import { type PostgresConnection, resolvePool } from "./connection.js";
import { type MigrateResult, migrate } from "./migrations.js";
import { DEFAULT_SCHEMA, quoteSchema } from "./schema-name.js";
import { RAW_TEXT_TYPES, type Statement } from "./sql.js";

/** Options of {@link PostgresDriver} and of a {@link PostgresProjectionStore} of its own. */
export interface PostgresDriverOptions {
  /** A connection string, a `pg.PoolConfig`, or an existing `pg.Pool` (which `close()` leaves open). */
  readonly connection: PostgresConnection;
  /**
   * The schema holding the tables; `iop` by default. Lower-case letters, digits and `_`, at most
   * 63, not `pg_…` nor `information_schema`.
   */
  readonly schema?: string;
  /**
   * Whether opening the store creates or updates the schema (see {@link migrate}). Default
   * `true`; set `false` where migrations run as a deployment step with other privileges.
   */
  readonly migrate?: boolean;
}

/** Something to send a statement through: a pool, or one client (e.g. inside a transaction). */
export type Queryable = Pick<pg.Pool | pg.ClientBase, "query">;

/**
 * The plumbing under the event and projection stores: one pool, one schema, migrations run once,
 * use after close refused. It throws the driver's own errors; its callers translate them.
 */
export class Database {
  readonly pool: pg.Pool;
  /** The schema name as given. */
  readonly schema: string;
  /** The schema as a quoted SQL identifier. */
  readonly quoted: string;
  /** Whether the schema is migrated before first use. */
  readonly autoMigrate: boolean;
  private readonly owned: boolean;
  private migration: Promise<MigrateResult> | undefined;
  private result: MigrateResult | undefined;
  private closed = false;

  /** @throws {InvalidStoreInputError} for a schema name that is not allowed; no pool is made then. */
  constructor(options: PostgresDriverOptions) {
    this.schema = options.schema ?? DEFAULT_SCHEMA;
    this.quoted = quoteSchema(this.schema);
    const { pool, owned } = resolvePool(options.connection);
    this.pool = pool;
    this.owned = owned;
    this.autoMigrate = options.migrate ?? true;
  }

  /** Throws {@link StoreClosedError} after {@link close}. */
  assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  /** Applies missing migrations once per instance; a failed attempt is retried by the next call. */
  migrate(): Promise<MigrateResult> {
    this.assertOpen();
    this.migration ??= migrate(this.pool, { schema: this.schema }).then(
      (result) => {
        this.result = result;
        return result;
      },
      (error: unknown) => {
        this.migration = undefined;
        throw this.closedOr(error);
      },
    );
    return this.migration;
  }

  /** What this instance's migration did, once it succeeded. */
  get migrated(): MigrateResult | undefined {
    return this.result;
  }

  /** Resolves once the schema is usable (migrated, unless automatic migration is off). */
  async ready(): Promise<void> {
    this.assertOpen();
    if (this.autoMigrate) await this.migrate();
  }

  /** Runs one parameterised statement as a named (prepared) one; every column comes back as text. */
  async query<Row>(statement: Statement, via: Queryable = this.pool): Promise<Row[]> {
    await this.ready();
    try {
      const result = await via.query({
        name: statement.name,
        text: statement.text,
        values: [...statement.values],
        types: RAW_TEXT_TYPES,
      });
      return result.rows as Row[];
    } catch (error) {
      throw this.closedOr(error);
    }
  }

  /**
   * Runs `work` on one client of the pool, for what needs a session of its own (a setting, the
   * notices of a statement). The client goes back to the pool, or is discarded if `work` failed.
   */
  async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.ready();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.closedOr(error);
    }
    // A checked-out client whose server ends the session emits `error`; the pool listens only
    // to idle ones, and an unheard `error` would crash the process. The failed query reports it.
    const ignore = () => undefined;
    client.on("error", ignore);
    let failure: unknown;
    try {
      return await work(client);
    } catch (error) {
      failure = error;
      throw this.closedOr(error);
    } finally {
      client.off("error", ignore);
      client.release(failure === undefined ? undefined : failure instanceof Error ? failure : true);
    }
  }

  /** Refuses further use; ends the pool if this instance created it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) await this.pool.end();
  }

  /** A failure of a call that {@link close} (or the pool's owner ending it) cut short is {@link StoreClosedError}. */
  private closedOr(error: unknown): unknown {
    return this.closed || isPoolEnded(error) ? new StoreClosedError() : error;
  }
}
