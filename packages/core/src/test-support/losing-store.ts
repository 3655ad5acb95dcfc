import { ConcurrencyError } from "../errors/index.js";
import type { EventStore } from "../store/event-store.js";

/**
 * `inner` for reads, where every append loses to another writer (a `ConcurrencyError`) and
 * nothing is written; `appends` counts the attempts.
 */
export function losingStore(inner: EventStore): {
  readonly store: EventStore;
  readonly appends: () => number;
} {
  let appends = 0;
  return {
    appends: () => appends,
    store: {
      readStream: (id, o) => inner.readStream(id, o),
      readAll: (o) => inner.readAll(o),
      close: () => inner.close(),
      async append(id, _events, options) {
        appends += 1;
        const expected = typeof options.expectedVersion === "number" ? options.expectedVersion : 0;
        throw new ConcurrencyError(id, options.expectedVersion, expected + 1);
      },
    },
  };
}
