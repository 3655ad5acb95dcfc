import pg from "pg";

/**
 * How an adapter reaches PostgreSQL: a connection string, a pool configuration, or an existing
 * `pg.Pool`. A pool the adapter creates is ended by its `close()`; one passed in is left to its owner.
 */
export type PostgresConnection = string | pg.PoolConfig | pg.Pool;

/** A pool and whether the adapter owns it. */
export interface ResolvedPool {
  readonly pool: pg.Pool;
  readonly owned: boolean;
}

/** A connect attempt gives up after this long unless the configuration says otherwise. */
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

function isPool(connection: PostgresConnection): connection is pg.Pool {
  return (
    typeof connection === "object" &&
    connection !== null &&
    typeof (connection as pg.Pool).connect === "function" &&
    typeof (connection as pg.Pool).query === "function" &&
    typeof (connection as pg.Pool).end === "function"
  );
}

/** Returns the pool to use, creating one for a connection string or configuration. */
export function resolvePool(connection: PostgresConnection): ResolvedPool {
  if (isPool(connection)) return { pool: connection, owned: false };
  const config: pg.PoolConfig =
    typeof connection === "string" ? { connectionString: connection } : { ...connection };
  const pool = new pg.Pool({ connectionTimeoutMillis: DEFAULT_CONNECT_TIMEOUT_MS, ...config });
  // An idle client whose server goes away emits `error` on the pool; without a listener that
  // would crash the process. The next query reports the outage as StoreUnavailableError instead.
  pool.on("error", () => undefined);
  return { pool, owned: true };
}
