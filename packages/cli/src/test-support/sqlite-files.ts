import { readAllPages, type StoredEvent } from "@iop/core";
import { openSqliteStore } from "@iop/store-sqlite";

/** Every event of the SQLite store at `path`, opened read-only. */
export async function storedEvents(path: string): Promise<StoredEvent[]> {
  const store = await openSqliteStore({ path, readOnly: true });
  try {
    const events: StoredEvent[] = [];
    for await (const page of readAllPages(store)) events.push(...page);
    return events;
  } finally {
    await store.close();
  }
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
