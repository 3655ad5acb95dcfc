import { InMemoryPersonKeyStore } from "@iop/core";
import { describePersonKeyStoreConformance } from "@iop/store-testkit";

// The core's key store runs the suite here: the core cannot depend on the testkit, which depends on it.
describePersonKeyStoreConformance("in-memory", async () => {
  const keys = new InMemoryPersonKeyStore();
  return { keys, connectAnother: async () => keys, dispose: async () => {} };
});
