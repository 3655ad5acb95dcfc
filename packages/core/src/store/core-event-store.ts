import {
  ConcurrencyError,
  IntegrityError,
  InvalidStoreInputError,
  isIopError,
  StoreClosedError,
  StoreDriverError,
} from "../errors/index.js";
import { ProjectionTables } from "../tables/projection-tables.js";
import type { ProjectionTablesDriver } from "../tables/table-driver.js";
import type { DriverAppendOutcome, EventStoreDriver, SealedEvent } from "./driver.js";
import { describeThrown, driverFailure } from "./driver-failure.js";
import type { NewEvent, RecordedEnvelope, StoredEvent } from "./envelope.js";
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
} from "./event-store.js";
import type { ProjectionStore } from "./projection-store.js";
import { prepareRecorded } from "./recorded-input.js";
import { decodeRows } from "./row-decoding.js";
import { EMPTY_HEAD, type StreamHead, sealBatch } from "./seal.js";
import {
  acceptsVersion,
  assertExpectedVersion,
  assertNewEventIds,
  normaliseReadAll,
  normaliseReadStream,
  prepareAppend,
} from "./store-input.js";
import { StreamHeads } from "./stream-heads.js";

/**
 * Times an append is sealed again onto a head another writer moved first, before it gives up
 * with a `ConcurrencyError` (only `any` and `stream-exists` appends retry).
 */
const MAX_APPEND_ATTEMPTS = 50;

/** An event store with its projection store beside it, on the same storage. */
export interface IopStore extends EventStore {
  /** Durable projection snapshots, on the same database; closed with the store. */
  readonly projections: ProjectionStore;
  /**
   * Durable projection tables on the same database, for adapters that keep them (SQLite,
   * PostgreSQL, memory); `undefined` for one that does not (EventStoreDB: keep its tables in
   * a SQL store). Closed with the store.
   */
  readonly tables: ProjectionTables | undefined;
  /**
   * Appends events another store recorded, keeping their ids, versions, record times and hashes:
   * an import or a copy. The batch must continue the stream exactly where it stands — its first
   * event's version one past the stream's, its `previousHash` the stored head's hash — and every
   * hash must be its envelope's.
   * @throws {IntegrityError} when a hash is not its envelope's or the batch does not chain on.
   * @throws {ConcurrencyError} when the stream is not at the version before the batch.
   * @throws {InvalidStoreInputError} as {@link EventStore.append} does.
   */
  appendRecorded(streamId: string, events: readonly RecordedEnvelope[]): Promise<AppendResult>;
}

/** Options of {@link createEventStore}. */
export interface CoreStoreOptions {
  /**
   * The clock that stamps `recordedAt` (the hash covers it, so the store stamps it, not the
   * database); tests and demos pass their own. Default: this machine's clock.
   */
  readonly clock?: () => Date;
}

/**
 * The core's store over a driver: everything the port promises, done once for every adapter.
 * The driver only stores and reads rows; see {@link EventStoreDriver}.
 */
class CoreEventStore<D extends EventStoreDriver> implements IopStore {
  #closed = false;
  readonly #heads = new StreamHeads();

  constructor(
    /** The driver underneath, for what only it offers (its pool, its file). */
    readonly driver: D,
    private readonly clock: () => Date,
  ) {}

  get projections(): ProjectionStore {
    this.#assertOpen();
    return this.driver.projections;
  }

  #tables: ProjectionTables | undefined;
  get tables(): ProjectionTables | undefined {
    this.#assertOpen();
    const driver = this.driver.tables;
    if (driver === undefined) return undefined;
    this.#tables ??= new ProjectionTables(driver);
    return this.#tables;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.#assertOpen();
    const { expectedVersion, prepared } = checkedInput(() => {
      const expected = objectOption(options, true)?.expectedVersion;
      assertExpectedVersion(expected);
      const batch = prepareAppend(streamId, events);
      assertNewEventIds(batch, () => false);
      return { expectedVersion: expected, prepared: batch };
    });
    return this.#appendChained(streamId, expectedVersion, prepared.length, (head) => {
      // Stamped per attempt: a batch sealed again after a lost race is recorded when it lands.
      const recordedAt = this.#now();
      return sealBatch(streamId, head, prepared, () => recordedAt);
    });
  }

  async appendRecorded(streamId: string, events: readonly RecordedEnvelope[]): Promise<AppendResult> {
    this.#assertOpen();
    const { expectedVersion, sealed } = checkedInput(() => prepareRecorded(streamId, events));
    return this.#appendChained(streamId, expectedVersion, sealed.length, (head) => {
      if (head.hash !== sealed[0]?.previousHash)
        throw new IntegrityError(
          `${streamId}@${expectedVersion + 1} does not chain onto the stored event ${head.version}: its previousHash is not that event's hash`,
        );
      return sealed;
    });
  }

  /**
   * Appends a batch sealed onto the stream's head. The driver checks the head's exact version,
   * so the chain cannot fork; when another writer moved the head first, the batch is sealed again
   * onto the new head if `expected` still allows it, a bounded number of times.
   */
  async #appendChained(
    streamId: string,
    expected: ExpectedVersion,
    count: number,
    seal: (head: StreamHead) => readonly SealedEvent[],
  ): Promise<AppendResult> {
    let head = this.#heads.get(streamId) ?? (await this.#initialHead(streamId, expected));
    for (let attempt = 1; ; attempt++) {
      if (!acceptsVersion(expected, head.version)) {
        const fresh = await this.#readHead(streamId);
        if (fresh.version === head.version || !acceptsVersion(expected, fresh.version))
          throw new ConcurrencyError(streamId, expected, fresh.version);
        head = fresh;
      }
      const sealed = seal(head);
      const before = head.version;
      const outcome = await this.#call(() =>
        this.driver.append({
          streamId,
          expectedVersion: before === 0 ? "no-stream" : before,
          accepts: (actual) => actual === before,
          events: sealed,
        }),
      );
      if (outcome.outcome === "conflict") {
        if (outcome.actualVersion === before)
          throw new StoreDriverError(
            `${this.driver.name} refused an append onto version ${before} of ${streamId} as a conflict, yet reports the stream at that version`,
          );
        this.#heads.forget(streamId);
        if (attempt >= MAX_APPEND_ATTEMPTS || !acceptsVersion(expected, outcome.actualVersion))
          throw new ConcurrencyError(streamId, expected, outcome.actualVersion);
        head = await this.#readHead(streamId);
        continue;
      }
      const result = this.#resultOf(streamId, before, sealed, outcome);
      const last = sealed[count - 1] as SealedEvent;
      this.#heads.set(streamId, { version: last.streamVersion, hash: last.hash });
      return result;
    }
  }

  /** The head to seal onto first: none for a new stream, else the stored one. */
  async #initialHead(streamId: string, expected: ExpectedVersion): Promise<StreamHead> {
    return expected === "no-stream" || expected === 0 ? EMPTY_HEAD : this.#readHead(streamId);
  }

  /** The stream's last stored event, read now. */
  async #readHead(streamId: string): Promise<StreamHead> {
    const rows = await this.#call(() =>
      this.driver.readStream({
        streamId,
        direction: "backwards",
        fromVersion: Number.MAX_SAFE_INTEGER,
        limit: 1,
      }),
    );
    const { events, corrupt } = decodeRows(rows);
    if (corrupt !== undefined) throw corrupt;
    const last = events[0];
    const head = last === undefined ? EMPTY_HEAD : { version: last.streamVersion, hash: last.hash };
    this.#heads.set(streamId, head);
    return head;
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    this.#assertOpen();
    const read = checkedInput(() => ({
      streamId,
      ...normaliseReadStream(streamId, objectOption(options, false)),
    }));
    if (read.limit === 0 || read.fromVersion === 0) return [];
    const rows = await this.#call(() => this.driver.readStream(read));
    const { events, corrupt } = decodeRows(rows);
    if (corrupt !== undefined) throw corrupt;
    // A read that ends at the stream's end shows its head: the next append need not read it.
    const last = read.direction === "forwards" ? events.at(-1) : events[0];
    const atEnd =
      read.direction === "forwards"
        ? events.length < read.limit
        : read.fromVersion === Number.MAX_SAFE_INTEGER;
    if (last !== undefined && atEnd)
      this.#heads.set(streamId, { version: last.streamVersion, hash: last.hash });
    return events;
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    this.#assertOpen();
    const read = checkedInput(() => normaliseReadAll(objectOption(options, false)));
    if (read.limit === 0) return [];
    const rows = await this.#call(() => this.driver.readAll(read));
    const { events, corrupt } = decodeRows(rows);
    // The good events before a corrupt one come first, as a short page; the next read starts at
    // the corrupt one and names it, so a reader can report it and resume after its position.
    if (corrupt !== undefined && events.length === 0) throw corrupt;
    return events;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#call(() => this.driver.close());
  }

  /** The clock's time as the chain records it; a clock that gives no valid time is refused. */
  #now(): string {
    const time = this.clock();
    if (!(time instanceof Date) || Number.isNaN(time.getTime()))
      throw new InvalidStoreInputError("clock", "must return a valid Date");
    const year = time.getUTCFullYear();
    if (year < 1 || year > 9999)
      throw new InvalidStoreInputError("clock", `must return a year 1–9999 (got ${year})`);
    return time.toISOString();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  /** Runs a driver call; a failure becomes the port's typed error (closed, if closed meanwhile). */
  async #call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (this.#closed && !isIopError(error)) throw new StoreClosedError();
      throw driverFailure(this.driver, error);
    }
  }

  #resultOf(
    streamId: string,
    before: number,
    sealed: readonly SealedEvent[],
    outcome: Exclude<DriverAppendOutcome, { outcome: "conflict" }>,
  ): AppendResult {
    const streamVersion = before + sealed.length;
    switch (outcome.outcome) {
      case "event-id-in-use": {
        const taken = new Set(outcome.eventIds);
        assertNewEventIds(sealed, (id) => taken.has(id));
        throw new StoreDriverError(
          `${this.driver.name} reported an event id in use that the batch does not hold`,
        );
      }
      case "appended-last-only":
        this.#assertAppendedAt(streamId, streamVersion, outcome.streamVersion);
        return { streamVersion, globalPosition: outcome.globalPosition };
      case "appended": {
        const { globalPositions } = outcome;
        this.#assertAppendedAt(streamId, streamVersion, outcome.streamVersion);
        if (globalPositions.length !== sealed.length)
          throw new StoreDriverError(
            `${this.driver.name} reported ${globalPositions.length} positions for ${sealed.length} events`,
          );
        return {
          streamVersion,
          globalPosition: globalPositions[globalPositions.length - 1] as number,
          events: sealed.map((event, i) => ({
            eventId: event.eventId,
            globalPosition: globalPositions[i] as number,
            recordedAt: event.recordedAt,
            previousHash: event.previousHash,
            hash: event.hash,
          })),
        };
      }
    }
  }

  /** A driver that put the batch anywhere but onto the head it was given broke its contract. */
  #assertAppendedAt(streamId: string, expected: number, reported: number): void {
    if (reported !== expected)
      throw new StoreDriverError(
        `${this.driver.name} reported ${streamId} at version ${reported} after an append that leaves it at ${expected}`,
      );
  }
}

/** `options` when it is an object (or absent and optional); otherwise refused by field. */
function objectOption<T>(options: T | undefined, required: boolean): T | undefined {
  if (options === undefined && !required) return undefined;
  if (typeof options !== "object" || options === null)
    throw new InvalidStoreInputError("options", "must be an object");
  return options;
}

/** Runs input checks; whatever hostile input makes them throw is still the caller's bad input. */
function checkedInput<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (isIopError(error)) throw error;
    throw new InvalidStoreInputError("(input)", `could not be read: ${describeThrown(error)}`);
  }
}

/**
 * The store {@link createEventStore} makes over driver `D`: its `tables` are always there when
 * the driver keeps tables, so an adapter's store type need not be narrowed by hand.
 */
export type StoreOver<D extends EventStoreDriver> = IopStore & { readonly driver: D } & (D extends {
    readonly tables: ProjectionTablesDriver;
  }
    ? { readonly tables: ProjectionTables }
    : unknown);

/**
 * The core's store over a driver that is ready to use (one without {@link EventStoreDriver.open},
 * such as the in-memory one): it checks every input, assigns event ids, applies expected
 * versions, decodes rows and translates failures, the same for every adapter.
 */
export function createEventStore<D extends EventStoreDriver>(
  driver: D,
  options: CoreStoreOptions = {},
): StoreOver<D> {
  // The type follows the driver: `tables` is defined exactly when the driver keeps tables.
  return new CoreEventStore(driver, options.clock ?? (() => new Date())) as unknown as StoreOver<D>;
}

/**
 * Opens `driver` (connects, opens files, migrates) and returns the core's store over it, as
 * {@link createEventStore} does. A failure to open is translated like every other driver failure.
 * @throws {StoreOpenError | StoreUnavailableError | StoreReadOnlyError | StoreDriverError} when
 *   the driver cannot open; it is closed again.
 */
export async function openEventStore<D extends EventStoreDriver>(
  driver: D,
  options: CoreStoreOptions = {},
): Promise<StoreOver<D>> {
  try {
    await driver.open?.();
  } catch (error) {
    await Promise.resolve()
      .then(() => driver.close())
      .catch(() => undefined);
    throw driverFailure(driver, error);
  }
  return createEventStore(driver, options);
}
