import { StoreClosedError } from "@iop/core";
import type pg from "pg";
import { type PostgresConnection, resolvePool } from "./connection.js";
import { type MigrateResult, migrate } from "./migrations.js";
import { DEFAULT_SCHEMA, quoteSchema } from "./schema-name.js";
import { RAW_TEXT_TYPES, type Statement } from "./sql.js";
import { translateError } from "./store-errors.js";

/** Connection options both stores share. */
export interface PostgresStoreOptions {
  /** A connection string, a `pg.PoolConfig`, or an existing `pg.Pool` (which `close()` leaves open). */
  readonly connection: PostgresConnection;
  /** The schema holding the tables; `iop` by default. Lower-case letters, digits and `_`. */
  readonly schema?: string;
  /**
   * Whether the first operation creates or updates the schema (see {@link migrate}). Default
   * `true`; set `false` where migrations run as a deployment step with other privileges.
   */
  readonly migrate?: boolean;
}

/** Something to send a statement through: a pool, or one client (e.g. inside a transaction). */
export type Queryable = Pick<pg.Pool | pg.ClientBase, "query">;

/**
 * The plumbing behind both stores: one pool, one schema, migrations run once on first use,
 * use-after-close refused, driver errors translated into the port's errors.
 */
export class Database {
  readonly pool: pg.Pool;
  /** The schema name as given. */
  readonly schema: string;
  /** The schema as a quoted SQL identifier. */
  readonly quoted: string;
  private readonly owned: boolean;
  private readonly autoMigrate: boolean;
  private migration: Promise<MigrateResult> | undefined;
  private closed = false;

  constructor(options: PostgresStoreOptions) {
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
    this.migration ??= migrate(this.pool, { schema: this.schema }).catch((error: unknown) => {
      this.migration = undefined;
      throw translateError(error);
    });
    return this.migration;
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
      throw this.closed ? new StoreClosedError() : translateError(error);
    }
  }

  /** Refuses further use; ends the pool if this instance created it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) await this.pool.end();
  }
}
