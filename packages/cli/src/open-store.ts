import type { EventStore } from "@iop/core";
import { UsageError } from "./output.js";

/** The store the CLI uses when `--store` is not given: an SQLite file in the working folder. */
export const DEFAULT_STORE = "sqlite:./iop.db";

/**
 * Opens the store a location names:
 * - `sqlite:<path>` or a path ending in `.db` — SQLite (the default, `sqlite:./iop.db`);
 * - `postgres://…` or `postgresql://…` — PostgreSQL;
 * - `esdb://…`, `esdb+discover://…` or `kurrentdb://…` — EventStoreDB / KurrentDB.
 * Each adapter is loaded only when named, so a SQLite user never loads a PostgreSQL driver.
 */
export async function openStore(location: string): Promise<EventStore> {
  if (location.startsWith("sqlite:") || location.endsWith(".db")) {
    const { openSqliteEventStore } = await import("@iop/store-sqlite");
    return openSqliteEventStore({ path: location.replace(/^sqlite:/, "") });
  }
  if (/^postgres(ql)?:\/\//.test(location)) {
    const { PostgresEventStore } = await import("@iop/store-postgres");
    return PostgresEventStore.connect({ connection: location });
  }
  if (/^(esdb|esdb\+discover|kurrentdb|kurrent):\/\//.test(location)) {
    const { connectEventStoreDb } = await import("@iop/store-eventstoredb");
    return connectEventStoreDb(location);
  }
  throw new UsageError(
    `--store: cannot tell which adapter ${JSON.stringify(location)} means (use sqlite:<path>, postgres://… or esdb://…)`,
  );
}
