import {
  type AppendOptions,
  type AppendResult,
  type IopStore,
  maskSealedValues,
  type NewEvent,
  type PersonalDataStore,
  type PersonKeyStore,
  type ProjectionStore,
  type ProjectionTables,
  protectPersonalData,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedAppend,
  type RecordedEnvelope,
  type StoredEvent,
} from "@iop/core";

/** What the CLI finds on an opened store's driver: its name, and the key store the SQL adapters keep. */
interface DriverView {
  readonly name?: string;
  readonly personKeys?: PersonKeyStore;
}

const driverOf = (store: IopStore) => (store as { readonly driver?: DriverView }).driver;

/**
 * Personal data given to a store whose adapter keeps no person keys (EventStoreDB). Refused
 * rather than written in clear: a name in a hash-chained history could never be erased.
 */
export class NoKeyStoreError extends Error {
  readonly code = "NO_KEY_STORE";
  constructor(
    readonly adapter: string,
    readonly personId: string,
  ) {
    super(
      `${adapter} has no key store: the personal data of ${personId} would be kept in clear and could never be erased, so it is not recorded (record names in SQLite or PostgreSQL, or plug a key service into protectPersonalData in your own code)`,
    );
  }
}

/** The key store of an adapter without one: it makes no keys, so nothing personal is sealed or opened. */
export class NoKeyStore implements PersonKeyStore {
  constructor(readonly adapter: string) {}

  async key(personId: string, { create }: { readonly create: boolean }): Promise<Buffer | undefined> {
    if (create) throw new NoKeyStoreError(this.adapter, personId);
    return undefined;
  }

  async destroy(): Promise<boolean> {
    return false;
  }

  async destroyed(): Promise<boolean> {
    return false;
  }
}

/**
 * A store without a key store, as the CLI uses it: an append holding personal data is refused
 * ({@link NoKeyStoreError}); a value sealed elsewhere (an imported export) reads as `[sealed]`,
 * not `[erased]` — the key may well exist in the store it came from.
 */
class KeylessStore implements PersonalDataStore {
  readonly #refusing: PersonalDataStore;

  constructor(
    readonly sealed: IopStore,
    readonly keys: NoKeyStore,
  ) {
    this.#refusing = protectPersonalData(sealed, keys);
  }

  get projections(): ProjectionStore {
    return this.sealed.projections;
  }

  get tables(): ProjectionTables | undefined {
    return this.sealed.tables;
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.#refusing.append(streamId, events, options);
  }

  appendRecorded(streamId: string, events: readonly RecordedEnvelope[]): Promise<AppendResult> {
    return this.sealed.appendRecorded(streamId, events);
  }

  /** A chunk of recorded events, copied as it is (see {@link appendRecorded}). */
  importRecorded(appends: readonly RecordedAppend[]): Promise<AppendResult[]> {
    return this.sealed.importRecorded(appends);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return (await this.sealed.readStream(streamId, options)).map(masked);
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    return (await this.sealed.readAll(options)).map(masked);
  }

  close(): Promise<void> {
    return this.sealed.close();
  }
}

const masked = (event: StoredEvent): StoredEvent => {
  const data = maskSealedValues(event.data);
  return data === event.data ? event : { ...event, data };
};

/**
 * The store as every command sees it: names sealed under the adapter's key store
 * (`driver.personKeys`, in SQLite and PostgreSQL) on append and opened (or `[erased]`) on read.
 * Commands that check or copy the history (verify, checkpoint, prove, export, import) use
 * `.sealed`, since the hashes are over the sealed bytes and a backup must not hold names in clear.
 */
export function personalDataView(store: IopStore): PersonalDataStore {
  const driver = driverOf(store);
  if (driver?.personKeys !== undefined) return protectPersonalData(store, driver.personKeys);
  return new KeylessStore(store, new NoKeyStore(driver?.name ?? "this adapter"));
}

/** Whether the store's adapter keeps person keys (what `forget` and `person` need). */
export function hasKeyStore(store: PersonalDataStore): boolean {
  return !(store.keys instanceof NoKeyStore);
}
