import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestPostgres, type TestDatabase, type TestPostgres } from "@iop/store-postgres/testing";
import { afterAll, beforeAll } from "vitest";

/** What {@link usePostgresDatabase} sets up; each getter throws until its `beforeAll` has run. */
export interface PostgresFixture {
  /** The throwaway server (or `DATABASE_URL`'s), for databases of a test's own. */
  readonly server: TestPostgres;
  /** A fresh database on it. */
  readonly database: TestDatabase;
  /** A temporary folder, for command files and checkpoints. */
  readonly dir: string;
}

/**
 * Starts a PostgreSQL server with a database `label` and a temporary folder before the enclosing
 * describe block's tests, and removes all three after them.
 */
export function usePostgresDatabase(label: string): PostgresFixture {
  let server: TestPostgres | undefined;
  let database: TestDatabase | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `iop-${label}-pg-`));
    server = await startTestPostgres();
    database = await server.createDatabase(label);
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
    await server?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }, 60_000);
  return {
    get server() {
      return ready(server, "server");
    },
    get database() {
      return ready(database, "database");
    },
    get dir() {
      return ready(dir, "dir");
    },
  };
}

function ready<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`usePostgresDatabase: no ${name} before its beforeAll has run`);
  return value;
}
