import type { EventStore, StoredEvent } from "@iop/core";

/** Reads the whole store in global order, a page at a time. */
export async function* readEverything(store: EventStore, pageSize = 5000): AsyncGenerator<StoredEvent> {
  let after = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize });
    if (page.length === 0) return;
    yield* page;
    after = page.at(-1)?.globalPosition ?? after;
  }
}
