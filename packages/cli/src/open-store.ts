import type { IopStore } from "@iop/core";
import { UsageError } from "./output.js";

/** The store the CLI uses when `--store` is not given: an SQLite file in the working folder. */
export const DEFAULT_STORE = "sqlite:./iop.db";

/** The store `iop demo` records into when `--store` is not given, apart from the default one. */
export const DEMO_STORE = "sqlite:./iop-demo.db";

/**
 * How a command uses its store:
 * - `write` (`record`, `import`): an SQLite file is created when missing, a PostgreSQL schema
 *   created or migrated;
 * - `upgrade` (`upgrade`): the store must exist, and is migrated to this version's schema;
 * - `read` (`show`, `history`): the store must exist, so a misspelt path is reported, not
 *   created, and no PostgreSQL schema is created or migrated;
 * - `change` (`forget`): as `read`, and the command writes to it;
 * - `audit` (`verify`, `export`, `person`, the read models): as `read`, and an SQLite file is opened
 *   read-only, so an auditor's copy on read-only media will do.
 */
export type StoreAccess = "write" | "upgrade" | "read" | "change" | "audit";

/** How {@link openStore} opens a store. */
export interface OpenOptions {
  /** The clock the core stamps `recordedAt` with; default: this machine's. */
  readonly clock?: () => Date;
}

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
export async function openStore(
  location: string,
  access: StoreAccess,
  options: OpenOptions = {},
): Promise<IopStore> {
  const clock = options.clock === undefined ? {} : { clock: options.clock };
  if (location.startsWith("sqlite:") || location.endsWith(".db")) {
    const { openSqliteStore } = await import("@iop/store-sqlite");
    const path = location.replace(/^sqlite:/, "");
    if (access === "audit") return openSqliteStore({ path, readOnly: true, ...clock });
    return openSqliteStore({ path, create: access === "write", ...clock });
  }
  if (/^postgres(ql)?:\/\//.test(location)) {
    const { openPostgresStore } = await import("@iop/store-postgres");
    return openPostgresStore({
      connection: location,
      migrate: access === "write" || access === "upgrade",
      ...clock,
    });
  }
  if (/^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\//.test(location)) {
    const { openEventStoreDbStore } = await import("@iop/store-eventstoredb");
    return openEventStoreDbStore(location, clock);
  }
  throw new UsageError(
    `--store: cannot tell which adapter ${JSON.stringify(location)} means (use sqlite:<path>, postgres://… or esdb://…)`,
  );
}

/** What an adapter's open migrated, as the SQL adapters report it on their driver. */
interface Migrated {
  readonly applied: readonly number[];
  readonly sealed: number;
}

/**
 * What opening `store` upgraded, in one line (`undefined` when nothing was): the schema steps
 * applied and how many older events were sealed into the hash chain.
 */
export function upgradeNote(store: IopStore): string | undefined {
  const migration = (store as { readonly driver?: { readonly migration?: Migrated } }).driver?.migration;
  // A new store is created, not upgraded: nothing to say.
  if (migration === undefined || migration.applied.length === 0 || migration.applied.includes(1))
    return undefined;
  const sealed =
    migration.sealed > 0
      ? `; ${migration.sealed} events written before the hash chain were sealed into it`
      : "";
  return `store upgraded: schema step${migration.applied.length === 1 ? "" : "s"} ${migration.applied.join(", ")} applied${sealed}`;
}
