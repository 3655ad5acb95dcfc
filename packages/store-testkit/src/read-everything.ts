import { type EventStore, readAllPages, type StoredEvent } from "@iop/core";

/** Every event of the store in global order, read page by page (for tests of small stores). */
export async function readEverything(store: EventStore): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const page of readAllPages(store)) all.push(...page);
  return all;
}
