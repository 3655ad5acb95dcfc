import { createEventStore } from "@iop/core/adapter-kit";
import { describeEventStoreConformance, describeProjectionStoreConformance } from "@iop/store-testkit";
import { InMemoryProjectionStore } from "./in-memory-projection-store.js";
import { MemoryDriver } from "./memory-driver.js";

describeEventStoreConformance("in-memory", async () => {
  const driver = new MemoryDriver();
  const store = createEventStore(driver);
  return {
    store,
    connectAnother: async () => store,
    dispose: () => store.close(),
    async corruptEvent(streamId, streamVersion) {
      // Behind the store's back, as a fault in memory would: the row the driver keeps.
      const rows = (driver as unknown as { streams: Map<string, { data: string }[]> }).streams.get(streamId);
      const row = rows?.[streamVersion - 1];
      if (row === undefined) throw new Error(`no row ${streamId}@${streamVersion}`);
      row.data = '{"broken';
    },
  };
});

describeProjectionStoreConformance("in-memory", async () => ({
  store: new InMemoryProjectionStore(),
  dispose: async () => {},
}));
