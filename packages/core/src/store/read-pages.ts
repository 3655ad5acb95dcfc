import type { StoredEvent } from "./envelope.js";
import type { EventStore } from "./event-store.js";
import { DEFAULT_READ_ALL_LIMIT } from "./store-input.js";

/** Options of {@link readAllPages}. */
export interface ReadAllPagesOptions {
  /** Start strictly after this global position (default 0: the start of the store). */
  readonly after?: number;
  /** Events per read (default {@link DEFAULT_READ_ALL_LIMIT}). */
  readonly pageSize?: number;
  /** Stops between pages once aborted. */
  readonly signal?: AbortSignal;
}

/**
 * The whole store in global order, one page at a time, in memory bounded by the page size: the
 * one way to read everything. A page may be shorter than `pageSize`; the store is read to its
 * end when a read returns nothing. A corrupt stored event throws `CorruptEventError` when its
 * page is reached; a reader that wants to go past it resumes with `after` set to its position.
 */
export async function* readAllPages(
  store: Pick<EventStore, "readAll">,
  options: ReadAllPagesOptions = {},
): AsyncGenerator<StoredEvent[], void, undefined> {
  let after = options.after ?? 0;
  const limit = options.pageSize ?? DEFAULT_READ_ALL_LIMIT;
  while (options.signal?.aborted !== true) {
    const page = await store.readAll({ after, limit });
    if (page.length === 0) return;
    yield page;
    after = (page[page.length - 1] as StoredEvent).globalPosition;
  }
}
