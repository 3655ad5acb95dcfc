import { describeEventStoreConformance, describeProjectionStoreConformance } from "@iop/store-testkit";
import { InMemoryEventStore } from "./in-memory-event-store.js";
import { InMemoryProjectionStore } from "./in-memory-projection-store.js";

describeEventStoreConformance("in-memory", async () => {
  const store = new InMemoryEventStore();
  return { store, connectAnother: async () => store, dispose: () => store.close() };
});

describeProjectionStoreConformance("in-memory", async () => ({
  store: new InMemoryProjectionStore(),
  dispose: async () => {},
}));
