import { randomUUID } from "node:crypto";
import {
  describeEventStoreConformance,
  describeProjectionStoreConformance,
  type EventStoreHarness,
} from "@iop/store-testkit";
import { describe, it } from "vitest";
import type { EventStoreDbClientPackage } from "./client-selection.js";
import { type EventStoreDbStore, openEventStoreDbStore } from "./open-eventstoredb-store.js";

/**
 * The shared conformance suites against a real EventStoreDB / KurrentDB, once through each
 * client package, when a server is configured:
 *
 *     EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' npx vitest run --project store-eventstoredb
 *
 * A server cannot be emptied between runs, so every harness works in a namespace of its own
 * (a unique stream-name prefix): its read-all sees only what it wrote.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
const NO_SERVER = "EVENTSTORE_CONNECTION_STRING is not set: no EventStoreDB server to run against";

const clientPackages: readonly EventStoreDbClientPackage[] = [
  "@kurrent/kurrentdb-client",
  "@eventstore/db-client",
];

/** The server's address in a scheme `clientPackage` reads (only the KurrentDB client reads `kurrentdb://`). */
function urlFor(url: string, clientPackage: EventStoreDbClientPackage): string {
  return clientPackage === "@eventstore/db-client"
    ? url.replace(/^(kurrentdb|kurrent|kdb)(\+discover)?:/i, "esdb$2:")
    : url;
}

async function harness(url: string, clientPackage: EventStoreDbClientPackage): Promise<EventStoreHarness> {
  const namespace = `iop-conformance-${randomUUID()}/`;
  const opened: EventStoreDbStore[] = [];
  const open = async (): Promise<EventStoreDbStore> => {
    const store = await openEventStoreDbStore(url, { namespace, clientPackage });
    opened.push(store);
    return store;
  };
  return {
    store: await open(),
    connectAnother: open,
    // Nothing to remove: the namespace is never used again.
    dispose: async () => {
      await Promise.all(opened.map((store) => store.close()));
    },
  };
}

for (const clientPackage of clientPackages) {
  const name = `EventStoreDB (${clientPackage})`;
  if (connectionString === undefined || connectionString === "") {
    describeEventStoreConformance(name, () => Promise.reject(new Error("no server")), {
      skipReason: NO_SERVER,
    });
    describe.skip(`${name} projection store conformance — skipped: ${NO_SERVER}`, () => {
      it("runs the projection store conformance suite", () => {});
    });
    continue;
  }
  const url = urlFor(connectionString, clientPackage);
  describeEventStoreConformance(name, () => harness(url, clientPackage), {
    // The server keeps event ids unique only for idempotent retries, not across the store.
    uniqueEventIds: false,
    // Appends report only the batch's last position.
    reportsAppendedEvents: false,
    // Stored events cannot be edited behind the server's back.
    corruptRows: false,
  });
  describeProjectionStoreConformance(name, async () => {
    const store = await openEventStoreDbStore(url, {
      namespace: `iop-conformance-${randomUUID()}/`,
      clientPackage,
    });
    return { store: store.projections, dispose: () => store.close() };
  });
}
