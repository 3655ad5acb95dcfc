import {
  ConcurrencyError,
  InvalidStoreInputError,
  isIopError,
  StoreClosedError,
  StoreDriverError,
} from "../errors/index.js";
import type { DriverAppendOutcome, EventStoreDriver } from "./driver.js";
import { describeThrown, driverFailure } from "./driver-failure.js";
import type { NewEvent, StoredEvent } from "./envelope.js";
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
} from "./event-store.js";
import type { ProjectionStore } from "./projection-store.js";
import { decodeRows } from "./row-decoding.js";
import {
  acceptsVersion,
  assertExpectedVersion,
  assertNewEventIds,
  normaliseReadAll,
  normaliseReadStream,
  type PreparedEvent,
  prepareAppend,
} from "./store-input.js";

/** An event store with its projection store beside it, on the same storage. */
export interface IopStore extends EventStore {
  /** Durable projection snapshots, on the same database; closed with the store. */
  readonly projections: ProjectionStore;
}

/** Options of {@link createEventStore}. */
export interface CoreStoreOptions {
  /**
   * The clock that stamps `recordedAt`; tests and imports pass their own. Without it the driver's
   * clock is used (for PostgreSQL the server's, so every writer shares one clock).
   */
  readonly clock?: () => Date;
}

/**
 * The core's store over a driver: everything the port promises, done once for every adapter.
 * The driver only stores and reads rows; see {@link EventStoreDriver}.
 */
class CoreEventStore<D extends EventStoreDriver> implements IopStore {
  #closed = false;

  constructor(
    /** The driver underneath, for what only it offers (its pool, its file). */
    readonly driver: D,
    private readonly clock: (() => Date) | undefined,
  ) {}

  get projections(): ProjectionStore {
    this.#assertOpen();
    return this.driver.projections;
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
    const recordedAt = this.clock?.().toISOString();
    const outcome = await this.#call(() =>
      this.driver.append({
        streamId,
        expectedVersion,
        accepts: (actual) => acceptsVersion(expectedVersion, actual),
        events: prepared,
        recordedAt,
      }),
    );
    return this.#resultOf(streamId, expectedVersion, prepared, outcome);
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
    expected: AppendOptions["expectedVersion"],
    prepared: readonly PreparedEvent[],
    outcome: DriverAppendOutcome,
  ): AppendResult {
    switch (outcome.outcome) {
      case "conflict":
        throw new ConcurrencyError(streamId, expected, outcome.actualVersion);
      case "event-id-in-use": {
        const taken = new Set(outcome.eventIds);
        assertNewEventIds(prepared, (id) => taken.has(id));
        throw new StoreDriverError(
          `${this.driver.name} reported an event id in use that the batch does not hold`,
        );
      }
      case "appended-last-only":
        this.#assertAppendedAt(expected, outcome.streamVersion - prepared.length);
        return { streamVersion: outcome.streamVersion, globalPosition: outcome.globalPosition };
      case "appended": {
        const { streamVersion, globalPositions, recordedAt } = outcome;
        this.#assertAppendedAt(expected, streamVersion - prepared.length);
        if (globalPositions.length !== prepared.length)
          throw new StoreDriverError(
            `${this.driver.name} reported ${globalPositions.length} positions for ${prepared.length} events`,
          );
        return {
          streamVersion,
          globalPosition: globalPositions[globalPositions.length - 1] as number,
          events: prepared.map((event, i) => ({
            eventId: event.eventId,
            globalPosition: globalPositions[i] as number,
            recordedAt,
          })),
        };
      }
    }
  }

  /** A driver that appended where the expected version forbids it broke its contract: say so. */
  #assertAppendedAt(expected: AppendOptions["expectedVersion"], before: number): void {
    if (before < 0 || !acceptsVersion(expected, before))
      throw new StoreDriverError(
        `${this.driver.name} appended after version ${before}, which expected version ${String(expected)} does not allow`,
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
 * The core's store over a driver that is ready to use (one without {@link EventStoreDriver.open},
 * such as the in-memory one): it checks every input, assigns event ids, applies expected
 * versions, decodes rows and translates failures, the same for every adapter.
 */
export function createEventStore<D extends EventStoreDriver>(
  driver: D,
  options: CoreStoreOptions = {},
): IopStore & { readonly driver: D } {
  return new CoreEventStore(driver, options.clock);
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
): Promise<IopStore & { readonly driver: D }> {
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
