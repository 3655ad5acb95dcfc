import {
  type AppendedEvent,
  type AppendOptions,
  type AppendResult,
  assertExpectedVersion,
  assertNewEventIds,
  checkExpectedVersion,
  type EventStore,
  type NewEvent,
  normaliseReadAll,
  normaliseReadStream,
  prepareAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  StoreClosedError,
  type StoredEvent,
} from "@iop/core";

/** Options of {@link InMemoryEventStore}. */
export interface InMemoryEventStoreOptions {
  /** The clock that stamps `recordedAt`; tests pass a fixed one. Defaults to `new Date()`. */
  readonly clock?: () => Date;
}

/**
 * An event store in process memory: for tests and small embeddings. It keeps the same
 * semantics as the database adapters (the conformance suite proves it), unique event ids
 * included, and freezes what it returns so a caller cannot change history by mutating a read.
 */
export class InMemoryEventStore implements EventStore {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly eventIds = new Set<string>();
  private readonly clock: () => Date;
  private closed = false;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    assertExpectedVersion(options?.expectedVersion);
    const prepared = prepareAppend(streamId, events);
    const stream = this.streams.get(streamId) ?? [];
    checkExpectedVersion(streamId, options.expectedVersion, stream.length);
    assertNewEventIds(prepared, (id) => this.eventIds.has(id));
    const recordedAt = this.clock().toISOString();
    const appended: AppendedEvent[] = [];
    for (const event of prepared) {
      const stored: StoredEvent = deepFreeze({
        eventId: event.eventId,
        streamId,
        streamVersion: stream.length + 1,
        globalPosition: this.all.length + 1,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: JSON.parse(event.dataJson),
        metadata: JSON.parse(event.metadataJson),
        recordedAt,
      });
      stream.push(stored);
      this.all.push(stored);
      this.eventIds.add(stored.eventId);
      appended.push({ eventId: stored.eventId, globalPosition: stored.globalPosition, recordedAt });
    }
    this.streams.set(streamId, stream);
    return { streamVersion: stream.length, globalPosition: this.all.length, events: appended };
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const { direction, fromVersion, limit } = normaliseReadStream(streamId, options);
    const stream = this.streams.get(streamId) ?? [];
    if (direction === "forwards") {
      const from = Math.max(fromVersion ?? 1, 1);
      return stream.slice(from - 1, from - 1 + Math.min(limit, stream.length));
    }
    const last = Math.min(fromVersion ?? stream.length, stream.length);
    return stream.slice(Math.max(last - limit, 0), last).reverse();
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const { after, limit } = normaliseReadAll(options);
    // Positions are 1-based and contiguous here, so a position is its own index + 1.
    return this.all.slice(after, after + Math.min(limit, this.all.length));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
