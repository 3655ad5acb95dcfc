import { createEventStore, type StoreOver } from "@iop/core/adapter-kit";
import { MemoryDriver } from "./memory-driver.js";

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** The clock that stamps `recordedAt`; tests pass a fixed one. Defaults to `new Date()`. */
  readonly clock?: () => Date;
}

/** An event store in process memory, with its projection store and tables. */
export type MemoryStore = StoreOver<MemoryDriver>;

/**
 * An event store in process memory, with its projection store: for tests and small embeddings.
 * It is the core's store over {@link MemoryDriver}, so it keeps exactly the semantics of the
 * database adapters (the conformance suite proves it), unique event ids included.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  return createEventStore(new MemoryDriver(), options);
}
