import type { NewEvent, StoredEvent } from "./envelope.js";

/**
 * What a writer expects of the stream before its append:
 * - a number: the stream's current version (0 means it must not exist yet);
 * - `no-stream`: it must not exist;
 * - `stream-exists`: it must have at least one event;
 * - `any`: no check.
 */
export type ExpectedVersion = number | "no-stream" | "stream-exists" | "any";

/** Options of {@link EventStore.append}. */
export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
}

/** Where one appended event went. */
export interface AppendedEvent {
  readonly eventId: string;
  readonly globalPosition: number;
  /** As a read returns it: ISO 8601 in UTC. */
  readonly recordedAt: string;
  /** The hash of the stream's event before it (see {@link StoredEvent.previousHash}). */
  readonly previousHash: string;
  /** The event's hash in its stream's chain. */
  readonly hash: string;
}

/** The outcome of an append. */
export interface AppendResult {
  /** The stream's version after the append: the version of its last event. */
  readonly streamVersion: number;
  /** The global position of the last appended event. */
  readonly globalPosition: number;
  /**
   * Each appended event's id, position, record time and hashes, in batch order, when the adapter knows
   * them without another read (the conformance suite checks they are what a read returns). The
   * command handler then does not read back what it just wrote. Absent where the server alone
   * knows them (EventStoreDB).
   */
  readonly events?: readonly AppendedEvent[];
}

/** Options of {@link EventStore.readStream}. */
export interface ReadStreamOptions {
  /**
   * First version to return (inclusive). Forwards it defaults to 1, and 0 reads as 1;
   * backwards it defaults to the stream's last version, a version past the end reads as the
   * last one, and 0 gives `[]`.
   */
  readonly fromVersion?: number;
  readonly direction?: "forwards" | "backwards";
  /** At most this many events. */
  readonly limit?: number;
}

/** Options of {@link EventStore.readAll}. */
export interface ReadAllOptions {
  /** Return events strictly after this global position; 0 (the default) reads from the start. */
  readonly after?: number;
  /**
   * At most this many events; 1000 (`DEFAULT_READ_ALL_LIMIT`) when not given, so no read
   * holds the whole store. Use `readAllPages` to read everything.
   */
  readonly limit?: number;
}

/**
 * The storage port: four methods with the same semantics on every adapter. The core's store
 * (`createEventStore` over an adapter's driver) implements them; the conformance suite in
 * `@iop/store-testkit` checks them:
 * - versions start at 1 and are contiguous within a stream;
 * - a batch is atomic: all of it is appended or none;
 * - an event id identifies one stored event: an append that reuses one is refused (all
 *   adapters but EventStoreDB, whose server cannot check it);
 * - an unknown stream reads as an empty list;
 * - read-all returns every committed event once, in strictly increasing global position,
 *   and a reader that resumes after the last position it saw misses nothing.
 */
export interface EventStore {
  /**
   * Appends events to one stream atomically.
   * @throws {ConcurrencyError} when the stream is not at the expected version.
   * @throws {InvalidStoreInputError} for a bad stream id, event type or payload (one JSON cannot
   *   carry exactly), or an event id already in use (field `events[i].eventId`); nothing is written.
   * @throws {StoreUnavailableError | StoreFullError | StoreReadOnlyError | StoreDriverError} when
   *   the storage fails; nothing of the batch is acknowledged.
   */
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Reads one stream; an unknown stream gives `[]`.
   * @throws {CorruptEventError} when a stored event of the stream cannot be read back.
   */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /**
   * Reads all streams in global order after a position, a page at a time. A page may be short:
   * only an empty one means the end. Events before a corrupt one are returned; the read that
   * starts at the corrupt one throws {@link CorruptEventError} naming it.
   */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** Releases connections and files. Later calls throw {@link StoreClosedError}. */
  close(): Promise<void>;
}
