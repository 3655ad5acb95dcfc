import type { IopStore } from "@iop/core";
import { UsageError } from "./output.js";

/** The store the CLI uses when `--store` is not given: an SQLite file in the working folder. */
export const DEFAULT_STORE = "sqlite:./iop.db";

/**
 * How a command uses its store:
 * - `write` (`record`, `import`): an SQLite file is created when missing, a PostgreSQL schema
 *   created or migrated;
 * - `read` (`show`, `history`): the store must exist, so a misspelt path is reported, not
 *   created, and no PostgreSQL schema is created or migrated;
 * - `audit` (`verify`, `export`, the read models): as `read`, and an SQLite file is opened
 *   read-only, so an auditor's copy on read-only media will do.
 */
export type StoreAccess = "write" | "read" | "audit";

/**
 * Opens the store a location names:
 * - `sqlite:<path>` or a path ending in `.db` — SQLite (the default, `sqlite:./iop.db`);
 * - `postgres://…` or `postgresql://…` — PostgreSQL;
 * - `esdb://…`, `kurrentdb://…`, `kurrent://…`, `kdb://…` (each also `+discover`) — EventStoreDB / KurrentDB.
 * Each adapter is loaded only when named, so a SQLite user never loads a PostgreSQL driver.
 * @throws {StoreOpenError | StoreUnavailableError | StoreReadOnlyError | StoreDriverError} when
 *   the store cannot be opened: for SQLite, `StoreOpenError` `not-found` when a `read` or `audit`
 *   finds no file.
 */
export async function openStore(location: string, access: StoreAccess): Promise<IopStore> {
  if (location.startsWith("sqlite:") || location.endsWith(".db")) {
    const { openSqliteStore } = await import("@iop/store-sqlite");
    const path = location.replace(/^sqlite:/, "");
    if (access === "audit") return openSqliteStore({ path, readOnly: true });
    return openSqliteStore({ path, create: access === "write" });
  }
  if (/^postgres(ql)?:\/\//.test(location)) {
    const { openPostgresStore } = await import("@iop/store-postgres");
    return openPostgresStore({ connection: location, migrate: access === "write" });
  }
  if (/^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\//.test(location)) {
    const { openEventStoreDbStore } = await import("@iop/store-eventstoredb");
    return openEventStoreDbStore(location);
  }
  throw new UsageError(
    `--store: cannot tell which adapter ${JSON.stringify(location)} means (use sqlite:<path>, postgres://… or esdb://…)`,
  );
}
