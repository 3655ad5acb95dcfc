export { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from "./create-memory-store.js";
export { InMemoryProjectionStore } from "./in-memory-projection-store.js";
export { MemoryDriver } from "./memory-driver.js";
export { MemoryTablesDriver } from "./memory-tables-driver.js";
