import type { StoredEvent } from "@iop/core";
import { openSqliteStore } from "@iop/store-sqlite";
import { storedEventsAt } from "./stored-events.js";

/** Every event of the SQLite store at `path`, opened read-only. */
export function storedEvents(path: string): Promise<StoredEvent[]> {
  return storedEventsAt(`sqlite:${path}`);
}

/**
 * Sets one stored event's `data` to what the SQL expression `data` gives (over the old `data`),
 * through the better-sqlite3 connection, past every check of the store, as a failing disk or
 * someone with the file might.
 */
export async function overwriteEventData(
  path: string,
  streamId: string,
  streamVersion: number,
  data: string,
): Promise<void> {
  const store = await openSqliteStore({ path, create: false });
  try {
    const { changes } = store.driver.database
      .prepare(`UPDATE events SET data = ${data} WHERE stream_id = ? AND stream_version = ?`)
      .run(streamId, streamVersion);
    if (changes !== 1) throw new Error(`no event ${streamId}@${streamVersion} in ${path}`);
  } finally {
    await store.close();
  }
}

/** Breaks one stored event's data (`{"broken`): a row that cannot be read back. */
export function corruptEvent(path: string, streamId: string, streamVersion: number): Promise<void> {
  return overwriteEventData(path, streamId, streamVersion, `'{"broken'`);
}

/**
 * Takes the SQLite file at `path` back to schema 3, as the release before the hash chain left
 * it (and before the person keys and projection tables: the names recorded sealed are lost with
 * them, which the chain does not mind).
 */
export async function takeBackBeforeTheChain(path: string): Promise<void> {
  const store = await openSqliteStore({ path, create: false });
  try {
    store.driver.database.exec(`
      ALTER TABLE events DROP COLUMN hash;
      ALTER TABLE events DROP COLUMN previous_hash;
      DROP TABLE person_keys;
      DROP TABLE projection_tables;
      DROP TABLE projection_table_owners;
      DROP TABLE projection_states;
      DELETE FROM schema_migrations WHERE version >= 4;
      PRAGMA user_version = 3;`);
  } finally {
    await store.close();
  }
}
