import { hasErrorCode } from "../errors/error-codes.js";
import type { CorruptEventError } from "../errors/index.js";
import type { StoredEvent } from "./envelope.js";
import type { EventStore } from "./event-store.js";
import { readAllPages } from "./read-pages.js";

/**
 * Every readable event of the store, a page at a time in global order. A corrupt stored event
 * is handed to `onCorrupt` and read past, so one broken row does not hide the rest of the store
 * from an auditor's replay.
 */
export async function* readAllPastCorrupt(
  store: Pick<EventStore, "readAll">,
  onCorrupt: (error: CorruptEventError) => void,
): AsyncGenerator<StoredEvent[], void, undefined> {
  let after = 0;
  for (;;) {
    try {
      for await (const page of readAllPages(store, { after })) {
        yield page;
        after = page.at(-1)?.globalPosition ?? after;
      }
      return;
    } catch (error) {
      // A store naming a corrupt event at or before the last one read would be read forever.
      if (!hasErrorCode(error, "CORRUPT_EVENT") || error.globalPosition <= after) throw error;
      onCorrupt(error);
      after = error.globalPosition;
    }
  }
}
