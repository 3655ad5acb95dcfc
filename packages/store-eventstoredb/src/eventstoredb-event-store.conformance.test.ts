import { randomUUID } from "node:crypto";
import { describeEventStoreConformance, type EventStoreHarness } from "@iop/store-testkit";
import { connectEventStoreDb, type EventStoreDbEventStore } from "./eventstoredb-event-store.js";

/**
 * The shared conformance suite against a real EventStoreDB, when one is configured:
 *
 *     EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false pnpm test
 *
 * A server cannot be emptied between runs, so every harness works in a namespace of its own
 * (a unique stream-id prefix): its read-all sees only what it wrote.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

async function harness(url: string): Promise<EventStoreHarness> {
  const namespace = `iop-conformance-${randomUUID()}/`;
  const opened: EventStoreDbEventStore[] = [];
  const open = (): EventStoreDbEventStore => {
    const store = connectEventStoreDb(url, { namespace });
    opened.push(store);
    return store;
  };
  return {
    store: open(),
    connectAnother: async () => open(),
    // Nothing to remove: the namespace is never used again.
    dispose: async () => {
      await Promise.all(opened.map((store) => store.close()));
    },
  };
}

if (connectionString) {
  // The server keeps event ids unique only for idempotent retries, not across the store.
  describeEventStoreConformance("EventStoreDB", () => harness(connectionString), {
    uniqueEventIds: false,
    reportsAppendedEvents: false,
  });
} else {
  describeEventStoreConformance("EventStoreDB", () => Promise.reject(new Error("no server")), {
    skipReason: "EVENTSTORE_CONNECTION_STRING is not set: no EventStoreDB server to run against",
  });
}
