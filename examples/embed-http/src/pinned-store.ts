import { ConcurrencyError, type EventStore } from "@iop/core";

/**
 * The store as one request may write to it: an append goes through only when the command
 * handler decided on a stream version the client named in `If-Match`. The handler appends with
 * the version it read, and the store checks that version again, so a command is never recorded
 * on a state the client did not see (the handler's own retry would decide on a newer one).
 */
export function pinnedTo(store: EventStore, accepted: ReadonlySet<number>): EventStore {
  return {
    append: (streamId, events, options) => {
      const read = options.expectedVersion;
      if (typeof read === "number" && accepted.has(read)) return store.append(streamId, events, options);
      const [named = 0] = accepted;
      return Promise.reject(new ConcurrencyError(streamId, named, typeof read === "number" ? read : 0));
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    close: () => store.close(),
  };
}
