import { readAllPages, type StoredEvent } from "@iop/core";
import { openStore } from "../open-store.js";

/**
 * Every event of the store at `location` (as `--store` names it), as the store keeps it: opened
 * as `verify` opens it (an SQLite file read-only), so personal data stays sealed.
 */
export async function storedEventsAt(location: string): Promise<StoredEvent[]> {
  const store = await openStore(location, "audit");
  try {
    const events: StoredEvent[] = [];
    for await (const page of readAllPages(store)) events.push(...page);
    return events;
  } finally {
    await store.close();
  }
}
