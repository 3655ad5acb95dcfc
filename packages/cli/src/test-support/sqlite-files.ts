import type { StoredEvent } from "@iop/core";
import { openSqliteStore } from "@iop/store-sqlite";
import { storedEventsAt } from "./stored-events.js";

/** Every event of the SQLite store at `path`, opened read-only. */
export function storedEvents(path: string): Promise<StoredEvent[]> {
  return storedEventsAt(`sqlite:${path}`);
}

/**
 * Breaks one stored event's data (`{"broken`) through the better-sqlite3 connection, past every
 * check of the store, as a failing disk or another program might.
 */
export async function corruptEvent(path: string, streamId: string, streamVersion: number): Promise<void> {
  const store = await openSqliteStore({ path, create: false });
  try {
    const { changes } = store.driver.database
      .prepare(`UPDATE events SET data = '{"broken' WHERE stream_id = ? AND stream_version = ?`)
      .run(streamId, streamVersion);
    if (changes !== 1) throw new Error(`no event ${streamId}@${streamVersion} in ${path}`);
  } finally {
    await store.close();
  }
}
