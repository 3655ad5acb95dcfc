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
import type { DriverAppendOutcome, DriverChunkOutcome, EventStoreDriver, SealedEvent } from "./driver.js";
import { describeThrown, driverFailure } from "./driver-failure.js";
import type { NewEvent, RecordedAppend, RecordedEnvelope, StoredEvent } from "./envelope.js";
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
} from "./event-store.js";
import type { ProjectionStore } from "./projection-store.js";
import { type PreparedRecordedAppend, prepareRecordedChunk } from "./recorded-chunk.js";
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
  /**
   * The bulk path of an import: appends a chunk of recorded events over many streams, as
   * {@link appendRecorded} of each append in turn would, with every check it makes — each
   * append continues its stream where it stands or where the chunk's append of that stream
   * before it ended — made across the whole chunk before anything is written. The events take
   * global positions in the order given. A driver with `appendChunk` (SQLite, PostgreSQL,
   * memory) writes the chunk in one transaction, all or nothing; on one without (EventStoreDB)
   * the appends are made one by one, so a failure of storage part-way leaves the earlier ones
   * written, which a resumed import skips.
   * @returns each append's result, in the order given.
   * @throws {IntegrityError} when a hash is not its envelope's or an append does not chain on.
   * @throws {ConcurrencyError} when a stream is not at the version before its append.
   * @throws {InvalidStoreInputError} naming `appends[i]…` as {@link appendRecorded} names
   *   `events[i]…`, also for an event id that comes twice in the chunk.
   */
  importRecorded(appends: readonly RecordedAppend[]): Promise<AppendResult[]>;
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
    return this.#appendSealedRecorded({ streamId, expectedVersion, sealed });
  }

  async importRecorded(appends: readonly RecordedAppend[]): Promise<AppendResult[]> {
    this.#assertOpen();
    const chunk = checkedInput(() => prepareRecordedChunk(appends));
    const appendChunk = this.driver.appendChunk?.bind(this.driver);
    // Every head checked before anything is written. A stream the chunk starts is taken as
    // new unread when the chunk is written atomically: the driver's version check refuses it
    // otherwise, and nothing is written.
    const heads = new Map<string, StreamHead>();
    for (const { streamId, expectedVersion, sealed } of chunk) {
      let head = heads.get(streamId) ?? this.#heads.get(streamId);
      if (head === undefined && expectedVersion === 0 && appendChunk !== undefined) head = EMPTY_HEAD;
      if (head === undefined || (head.version !== expectedVersion && !heads.has(streamId)))
        head = await this.#readHead(streamId);
      if (head.version !== expectedVersion)
        throw new ConcurrencyError(streamId, expectedVersion, head.version);
      assertChainsOn(streamId, expectedVersion, head, sealed);
      const last = sealed[sealed.length - 1] as SealedEvent;
      heads.set(streamId, { version: last.streamVersion, hash: last.hash });
    }
    if (appendChunk === undefined) {
      const results: AppendResult[] = [];
      for (const append of chunk) results.push(await this.#appendSealedRecorded(append));
      return results;
    }
    if (chunk.length === 0) return [];
    const outcome = await this.#call(() =>
      appendChunk(
        chunk.map(({ streamId, expectedVersion, sealed }) => ({
          streamId,
          expectedVersion: expectedVersion === 0 ? "no-stream" : expectedVersion,
          accepts: (actual) => actual === expectedVersion,
          events: sealed,
        })),
      ),
    );
    return this.#chunkResults(chunk, outcome, heads);
  }

  /** Appends a recorded batch checked by `prepareRecorded`: onto the stored head, exactly. */
  #appendSealedRecorded({
    streamId,
    expectedVersion,
    sealed,
  }: PreparedRecordedAppend): Promise<AppendResult> {
    return this.#appendChained(streamId, expectedVersion, sealed.length, (head) => {
      assertChainsOn(streamId, expectedVersion, head, sealed);
      return sealed;
    });
  }

  /** Each append's result from the driver's outcome for the chunk, or the typed error it means. */
  #chunkResults(
    chunk: readonly PreparedRecordedAppend[],
    outcome: DriverChunkOutcome,
    heads: ReadonlyMap<string, StreamHead>,
  ): AppendResult[] {
    switch (outcome.outcome) {
      case "conflict": {
        const append = chunk[outcome.index];
        if (append === undefined || outcome.actualVersion === append.expectedVersion)
          throw new StoreDriverError(
            `${this.driver.name} refused a chunk as a conflict it does not name: append ${outcome.index} at version ${outcome.actualVersion}`,
          );
        this.#heads.forget(append.streamId);
        throw new ConcurrencyError(append.streamId, append.expectedVersion, outcome.actualVersion);
      }
      case "event-id-in-use": {
        const taken = new Set(outcome.eventIds);
        for (const [k, { sealed }] of chunk.entries())
          for (const [i, { eventId }] of sealed.entries())
            if (taken.has(eventId))
              throw new InvalidStoreInputError(
                `appends[${k}].events[${i}].eventId`,
                "is already the id of another event",
              );
        throw new StoreDriverError(
          `${this.driver.name} reported an event id in use that the chunk does not hold`,
        );
      }
      case "appended": {
        const { globalPositions } = outcome;
        const count = chunk.reduce((sum, { sealed }) => sum + sealed.length, 0);
        if (globalPositions.length !== count)
          throw new StoreDriverError(
            `${this.driver.name} reported ${globalPositions.length} positions for a chunk of ${count} events`,
          );
        let next = 0;
        const results = chunk.map(({ streamId, expectedVersion, sealed }) => {
          const positions = globalPositions.slice(next, next + sealed.length);
          next += sealed.length;
          return this.#resultOf(streamId, expectedVersion, sealed, {
            outcome: "appended",
            streamVersion: expectedVersion + sealed.length,
            globalPositions: positions,
          });
        });
        for (const [streamId, head] of heads) this.#heads.set(streamId, head);
        return results;
      }
    }
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

/** Refuses a recorded batch whose first `previousHash` is not the hash of the head it goes onto. */
function assertChainsOn(
  streamId: string,
  expectedVersion: number,
  head: StreamHead,
  sealed: readonly SealedEvent[],
): void {
  if (head.hash !== sealed[0]?.previousHash)
    throw new IntegrityError(
      `${streamId}@${expectedVersion + 1} does not chain onto the stored event ${head.version}: its previousHash is not that event's hash`,
    );
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
