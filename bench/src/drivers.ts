import { createRequire } from "node:module";
import type { PostgresDriver } from "@iop/store-postgres";
import type { SqliteDriver } from "@iop/store-sqlite";

/**
 * The raw drivers, typed with the driver types our adapters already expose. The bench has no
 * `@types/better-sqlite3` or `@types/pg` of its own (adding them would change the lockfile for a
 * private package), so it loads the drivers with `require` and borrows the types here.
 */
const require = createRequire(import.meta.url);

/** A better-sqlite3 database. */
export type SqliteDatabase = SqliteDriver["database"];

/** better-sqlite3's `Database` constructor. */
export const Database = require("better-sqlite3") as new (path: string) => SqliteDatabase;

/** A `pg.Pool`. */
export type PgPool = PostgresDriver["pool"];

/** node-postgres (`pg`). */
export const pg = require("pg") as {
  Pool: new (config: { connectionString: string; max?: number }) => PgPool;
};
