import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  type ReadPosition,
  type ReadRevision,
  type RecordedEvent,
  type ResolvedEvent,
  START,
  type StreamingRead,
  StreamNotFoundError,
} from "@eventstore/db-client";
import {
  type AppendOptions,
  type AppendResult,
  assertExpectedVersion,
  ConcurrencyError,
  EventDecodingError,
  type EventStore,
  InvalidStoreInputError,
  IopError,
  type Json,
  type NewEvent,
  normaliseReadAll,
  normaliseReadStream,
  prepareAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  StoreClosedError,
  type StoredEvent,
} from "@iop/core";
import { decodeMetadata, encodeMetadata } from "./envelope.js";
import { toStoreError } from "./errors.js";
import { revisionOfVersion, streamVersionOfRevision, toExpectedRevision } from "./expected-version.js";
import { globalPositionOf, globalPositionOfCommit, readPositionAfter } from "./positions.js";
import { isSystemEvent } from "./system-events.js";

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Options of {@link EventStoreDbEventStore} and {@link connectEventStoreDb}. */
export interface EventStoreDbOptions {
  /**
   * A prefix put before every stream id in EventStoreDB (`"tenant-a/"` stores stream
   * `agreement-1` as `tenant-a/agreement-1`). Read-all then returns only the events of
   * streams with this prefix, with the prefix removed again. Lets several stores (tenants,
   * test runs) share one server, which cannot be emptied. Defaults to `""`: no prefix, and
   * read-all returns the events of every stream this adapter wrote.
   */
  readonly namespace?: string;
  /**
   * Whether {@link EventStoreDbEventStore.close} disposes the client. Defaults to `true` when
   * the store made the client from a connection string, `false` when it was handed one.
   */
  readonly ownsClient?: boolean;
}

/**
 * The storage port on EventStoreDB (KurrentDB) through `@eventstore/db-client` 6.x over gRPC.
 *
 * - A stream is an EventStoreDB stream; versions are revisions + 1.
 * - Expected versions map to `expectedRevision`; `WrongExpectedVersionError` becomes
 *   {@link ConcurrencyError}. A batch is one append, which EventStoreDB writes atomically.
 * - Global positions are `$all` commit positions (see `globalPositionOf`).
 * - `schemaVersion` and the caller's metadata are kept in the event's custom metadata (see
 *   `encodeMetadata`); `recordedAt` is EventStoreDB's `created` timestamp (millisecond
 *   precision, UTC).
 * - Read-all reads `$all` and skips system events (`isSystemEvent`) and
 *   every event this adapter did not write (no metadata in its shape), and with a
 *   namespace, the streams outside it. Read-stream refuses such a foreign event in one of
 *   its streams with {@link EventDecodingError} instead of skipping it, since skipping would
 *   leave a gap in the stream's versions.
 * - An unreachable server gives {@link StoreUnavailableError}.
 *
 * Needs EventStoreDB 22.6 or later: older servers report no `$all` position on stream reads.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly #client: EventStoreDBClient;
  readonly #namespace: string;
  readonly #ownsClient: boolean;
  #closed = false;

  /**
   * @param client - A client of `@eventstore/db-client`; see {@link connectEventStoreDb} to
   *   make one from a connection string.
   */
  constructor(client: EventStoreDBClient, options: EventStoreDbOptions = {}) {
    const namespace = options.namespace ?? "";
    if (typeof namespace !== "string" || CONTROL.test(namespace) || !namespace.isWellFormed())
      throw new InvalidStoreInputError("namespace", "must be well-formed text without control characters");
    if (namespace.startsWith("$"))
      throw new InvalidStoreInputError("namespace", "must not start with $ (reserved for system streams)");
    this.#client = client;
    this.#namespace = namespace;
    this.#ownsClient = options.ownsClient ?? false;
  }

  /** The underlying client, e.g. for subscriptions; do not dispose it while the store is in use. */
  get client(): EventStoreDBClient {
    return this.#client;
  }

  /** The stream-id prefix of this store (`""` for none). */
  get namespace(): string {
    return this.#namespace;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.#assertOpen();
    assertExpectedVersion(options?.expectedVersion);
    const prepared = prepareAppend(streamId, events);
    const expected = options.expectedVersion;
    const name = this.#streamName(streamId);
    const eventData = prepared.map((event) =>
      jsonEvent({
        id: event.eventId,
        type: event.type,
        data: JSON.parse(event.dataJson),
        metadata: encodeMetadata(event),
      }),
    );
    try {
      const result = await this.#client.appendToStream(name, eventData, {
        expectedRevision: toExpectedRevision(expected),
      });
      if (!result.success) {
        // Only with a client made with `throwOnAppendFailure: false`, whose failure result
        // does not carry a reliable current revision: ask the stream itself.
        throw new ConcurrencyError(streamId, expected, await this.#currentVersion(name));
      }
      const streamVersion = streamVersionOfRevision(result.nextExpectedRevision);
      const globalPosition =
        globalPositionOf(result.position) ??
        (await this.#positionOfRevision(name, result.nextExpectedRevision));
      return { streamVersion, globalPosition };
    } catch (error) {
      throw toStoreError(error, { streamId, expectedVersion: expected });
    }
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    this.#assertOpen();
    const { direction, fromVersion, limit } = normaliseReadStream(streamId, options);
    if (limit === 0) return [];
    const name = this.#streamName(streamId);
    try {
      let fromRevision: ReadRevision;
      if (direction === "forwards") {
        fromRevision = revisionOfVersion(Math.max(fromVersion ?? 1, 1));
      } else if (fromVersion === undefined) {
        fromRevision = END;
      } else {
        // A backward read from beyond the end returns only what lies in the `limit` revisions
        // below its start, so start at the stream's last version at most.
        const from = Math.min(fromVersion, await this.#currentVersion(name));
        if (from === 0) return [];
        fromRevision = revisionOfVersion(from);
      }
      const events: StoredEvent[] = [];
      await drain(
        this.#client.readStream(name, {
          direction: direction === "forwards" ? FORWARDS : BACKWARDS,
          fromRevision,
          maxCount: limit,
          resolveLinkTos: false,
        }),
        (resolved) => {
          events.push(this.#fromStreamRead(streamId, resolved));
          return true;
        },
      );
      return events;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error, { streamId });
    }
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    this.#assertOpen();
    const { after, limit } = normaliseReadAll(options);
    if (limit === 0) return [];
    try {
      return await this.#scanAll(after, limit, after === 0 ? START : readPositionAfter(after));
    } catch (error) {
      const mapped = toStoreError(error);
      if (after === 0 || mapped instanceof IopError) throw mapped;
      // The server refuses to start a read at a position that is not the start of a record
      // (any number is a valid `after` to the port, but only positions this store returned
      // are record starts in `$all`): find the position by reading from the start instead.
      try {
        return await this.#scanAll(after, limit, START);
      } catch (retryError) {
        throw toStoreError(retryError);
      }
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsClient) await this.#client.dispose();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  #streamName(streamId: string): string {
    return this.#namespace + streamId;
  }

  /** Reads `$all` forwards from `from`, keeping up to `limit` of our events after `after`. */
  async #scanAll(after: number, limit: number, from: ReadPosition): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    let last = after;
    await drain(
      this.#client.readAll({ fromPosition: from, direction: FORWARDS, resolveLinkTos: false }),
      (resolved) => {
        const event = this.#fromAllRead(resolved);
        if (event === undefined || event.globalPosition <= after) return true;
        if (event.globalPosition <= last)
          throw new Error(
            `$all returned ${event.streamId}@${event.streamVersion} at commit position ${event.globalPosition}, ` +
              `not after ${last}: events sharing a commit position (explicit transactions) are not supported`,
          );
        events.push(event);
        last = event.globalPosition;
        return events.length < limit;
      },
    );
    return events;
  }

  /** The stream's version: its last revision + 1, or 0 when it does not exist. */
  async #currentVersion(name: string): Promise<number> {
    try {
      let version = 0;
      await drain(
        this.#client.readStream(name, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
        (r) => {
          if (r.event !== undefined) version = streamVersionOfRevision(r.event.revision);
          return false;
        },
      );
      return version;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return 0;
      throw error;
    }
  }

  /** The global position of the event at `revision`, for appends whose result has none. */
  async #positionOfRevision(name: string, revision: bigint): Promise<number> {
    let position: number | undefined;
    await drain(this.#client.readStream(name, { fromRevision: revision, maxCount: 1 }), (resolved) => {
      position = positionOfResolved(resolved);
      return false;
    });
    if (position === undefined)
      throw new Error(
        `EventStoreDB reported no $all position for ${name}@${revision}; it needs server 22.6+`,
      );
    return position;
  }

  #fromStreamRead(streamId: string, resolved: ResolvedEvent): StoredEvent {
    const event = resolved.event;
    if (event === undefined)
      throw new Error(
        `EventStoreDB returned an entry without an event in stream ${JSON.stringify(streamId)}`,
      );
    const streamVersion = streamVersionOfRevision(event.revision);
    const stored = toStoredEvent(streamId, event, positionOfResolved(resolved));
    if (stored === "foreign")
      throw new EventDecodingError(
        event.type,
        0,
        [
          {
            field: "metadata",
            message:
              "the event was not written by @iop/store-eventstoredb (no JSON data, or no schemaVersion and meta in its metadata)",
          },
        ],
        streamId,
        streamVersion,
      );
    if (stored === "no-position")
      throw new Error(
        `EventStoreDB reported no $all position for ${JSON.stringify(streamId)}@${streamVersion}; ` +
          "stream reads carry positions from server version 22.6 on",
      );
    return stored;
  }

  #fromAllRead(resolved: AllStreamResolvedEvent): StoredEvent | undefined {
    const event = resolved.event;
    if (event === undefined) return undefined;
    if (isSystemEvent(event)) return undefined;
    if (!event.streamId.startsWith(this.#namespace)) return undefined;
    const stored = toStoredEvent(
      event.streamId.slice(this.#namespace.length),
      event,
      globalPositionOf(event.position) ?? globalPositionOfCommit(resolved.commitPosition),
    );
    return typeof stored === "string" ? undefined : stored;
  }
}

/** The global position of a read event, from the event's position or else the resolved one. */
function positionOfResolved(resolved: ResolvedEvent): number | undefined {
  return globalPositionOf(resolved.event?.position) ?? globalPositionOfCommit(resolved.commitPosition);
}

/** Our envelope of an EventStoreDB event, or why there is none. */
function toStoredEvent(
  streamId: string,
  event: RecordedEvent,
  globalPosition: number | undefined,
): StoredEvent | "foreign" | "no-position" {
  if (!event.isJson) return "foreign";
  const decoded = decodeMetadata(event.metadata);
  if (decoded === undefined) return "foreign";
  if (typeof event.data !== "object" || event.data === null || Array.isArray(event.data)) return "foreign";
  if (globalPosition === undefined) return "no-position";
  return {
    eventId: event.id,
    streamId,
    streamVersion: streamVersionOfRevision(event.revision),
    globalPosition,
    type: event.type,
    schemaVersion: decoded.schemaVersion,
    data: event.data as Json,
    metadata: decoded.metadata,
    recordedAt: event.created.toISOString(),
  };
}

/**
 * Consumes a streaming read, calling `onEvent` for each entry until it returns `false`; a
 * read left early (or failed) is cancelled so that its gRPC call does not linger.
 */
async function drain<E>(read: StreamingRead<E>, onEvent: (event: E) => boolean): Promise<void> {
  let complete = false;
  try {
    for await (const event of read) {
      if (!onEvent(event)) return;
    }
    complete = true;
  } finally {
    if (!complete) await read.cancel().catch(() => undefined);
  }
}

/**
 * Opens an {@link EventStoreDbEventStore}.
 *
 * @param target - A connection string (`esdb://host:2113?tls=false`, `esdb+discover://…`;
 *   settings such as `defaultDeadline=5000` go in its query), or a client you made yourself.
 *   The client connects lazily, so an unreachable server shows up as
 *   {@link StoreUnavailableError} from the first append or read, not from this call.
 * @param options - A namespace, and whether `close()` disposes the client (by default only a
 *   client this function made).
 */
export function connectEventStoreDb(
  target: string | EventStoreDBClient,
  options: EventStoreDbOptions = {},
): EventStoreDbEventStore {
  if (typeof target === "string") {
    const client = EventStoreDBClient.connectionString(target);
    return new EventStoreDbEventStore(client, { ...options, ownsClient: options.ownsClient ?? true });
  }
  return new EventStoreDbEventStore(target, options);
}
