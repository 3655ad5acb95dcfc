import type { IopStore, PersonKeyStore, ProjectionStore, ProjectionTables } from "@iop/core";

/** One adapter under test, as the conformance suite needs it. */
export interface EventStoreHarness {
  /**
   * A store for the suite. It may hold events from earlier tests: the suite uses fresh stream ids.
   * An `IopStore`, as every adapter's opener gives one: the suite also copies with `appendRecorded`.
   */
  readonly store: IopStore;
  /**
   * Opens another, independent client of the same storage (a second connection or pool), to
   * race real concurrent writers. Adapters without such a notion return the same store.
   */
  connectAnother(): Promise<IopStore>;
  /**
   * Closes every client this harness opened and removes what it created. It must succeed when
   * a client from {@link connectAnother} (which may be the store itself) was closed already.
   */
  dispose(): Promise<void>;
  /**
   * Breaks one stored event behind the store's back, as a disk fault or a hand edit would: its
   * data becomes something no reader can use (the text `{"broken`, or valid JSON that is not an
   * object where the column only takes JSON). Adapters whose storage the test can reach provide it.
   */
  corruptEvent?(streamId: string, streamVersion: number): Promise<void>;
}

/**
 * Creates a harness: once for the suite's shared store, and once more for each test that needs
 * a store of its own (close, corrupt rows, a copy of streams under their own ids). Each harness
 * is on storage of its own: a fresh file, schema or namespace.
 */
export type HarnessFactory = () => Promise<EventStoreHarness>;

/** A projection store under test, with the means to clean up after it. */
export interface ProjectionStoreHarness {
  readonly store: ProjectionStore;
  dispose(): Promise<void>;
}

/** Projection tables under test, as their conformance suite needs them. */
export interface ProjectionTablesHarness {
  readonly tables: ProjectionTables;
  /** The same storage through a second connection (a second process's view), when the adapter has one. */
  readonly second?: ProjectionTables;
  dispose(): Promise<void>;
}

/** A person key store under test, as its conformance suite needs it. */
export interface PersonKeyStoreHarness {
  /** The key store. It may hold keys from earlier tests: the suite uses fresh person ids. */
  readonly keys: PersonKeyStore;
  /**
   * Opens another, independent handle on the same storage (a second connection or pool), to race
   * real concurrent creators. Key stores without such a notion return the same one.
   */
  connectAnother(): Promise<PersonKeyStore>;
  /** Closes every handle this harness opened and removes what it created. */
  dispose(): Promise<void>;
}
