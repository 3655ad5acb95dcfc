import { CorruptEventError, InvalidStoreInputError } from "@iop/core";
import type {
  DriverAllRead,
  DriverAppend,
  DriverAppendOutcome,
  DriverFailure,
  DriverRow,
  DriverStreamRead,
  EventStoreDriver,
} from "@iop/core/adapter-kit";
import {
  actualVersionOfConflict,
  appendTooLargeReason,
  classifyEventStoreDbError,
  isConflict,
  isStreamNotFound,
} from "./classify.js";
import type { EsdbAppendResult, EsdbPosition, EsdbResolvedEvent, EventStoreDbClientLike } from "./client.js";
import { eventDataOf, rowOf } from "./event-rows.js";
import { EventStoreDbProjectionStore } from "./eventstoredb-projection-store.js";
import { expectedRevisionOf, revisionOfVersion, streamVersionOfRevision } from "./expected-version.js";
import { assertNamespace } from "./namespace.js";
import { globalPositionOf, globalPositionOfCommit, readPositionAfter } from "./positions.js";
import { PROJECTION_STREAM_PREFIX } from "./projection-snapshots.js";
import { drain } from "./streaming-read.js";
import { isSystemEvent } from "./system-events.js";

/** Options of {@link EventStoreDbDriver}. */
export interface EventStoreDbDriverOptions {
  /**
   * A prefix put before every stream id in EventStoreDB (`"tenant-a/"` stores stream
   * `agreement-1` as `tenant-a/agreement-1`). Read-all then returns only the events of
   * streams with this prefix, with the prefix removed again. Lets several stores (tenants,
   * test runs) share one server, which cannot be emptied. Defaults to `""`: no prefix, and
   * read-all returns the events of every stream this adapter wrote.
   */
  readonly namespace?: string;
  /** Whether {@link EventStoreDbDriver.close} disposes the client. Defaults to `false`. */
  readonly ownsClient?: boolean;
}

/**
 * The storage driver on EventStoreDB / KurrentDB, over a client of `@eventstore/db-client` 6.x
 * or `@kurrent/kurrentdb-client` 1.x ({@link EventStoreDbClientLike}). The core's store wraps it
 * (see `openEventStoreDbStore`).
 *
 * - A stream is an EventStoreDB stream `namespace + streamId`; versions are revisions + 1.
 * - The server checks that the stream is exactly at the version the core sealed the batch onto
 *   (`expectedRevisionOf`); any other is a `conflict` outcome. A batch is one append, which the
 *   server writes atomically.
 * - Appends report `appended-last-only`: the server gives the position of the batch's last event.
 * - Global positions are `$all` commit positions (see `globalPositionOf`).
 * - `schemaVersion`, the caller's metadata, `recordedAt`, `previousHash` and `hash` travel in
 *   the event's custom metadata as the core sealed them (see `encodeMetadata`); the server's own
 *   `created` time is not used. Events written before the adapter kept the hash chain have no
 *   hashes, so the core reports them as `CorruptEventError`; EventStoreDB events cannot be
 *   rewritten, so such a store is exported with the earlier version and imported into a new
 *   namespace or server with this one (see the README).
 * - Read-all reads `$all` and skips system events (`isSystemEvent`), the streams outside the
 *   namespace and every event this adapter did not write (projection snapshots included).
 *   Read-stream refuses such a foreign event in one of its streams with `CorruptEventError`
 *   instead, since skipping would leave a gap in the stream's versions.
 * - Stream ids starting with `iop-projection-` are refused: they hold projection snapshots
 *   ({@link EventStoreDbProjectionStore}, this driver's `projections`).
 *
 * Needs EventStoreDB 22.6 or later: older servers report no `$all` position on stream reads.
 */
export class EventStoreDbDriver implements EventStoreDriver {
  readonly name = "EventStoreDB";
  readonly projections: EventStoreDbProjectionStore;
  readonly #client: EventStoreDbClientLike;
  readonly #namespace: string;
  readonly #ownsClient: boolean;

  /**
   * @throws {InvalidStoreInputError} on field `client` for something that is not a client, and
   *   on `namespace` for a namespace that is not allowed.
   */
  constructor(client: EventStoreDbClientLike, options: EventStoreDbDriverOptions = {}) {
    if (!isClient(client))
      throw new InvalidStoreInputError(
        "client",
        "must be a client of @kurrent/kurrentdb-client or @eventstore/db-client (or a connection string)",
      );
    const namespace = options.namespace ?? "";
    assertNamespace(namespace);
    this.#client = client;
    this.#namespace = namespace;
    this.#ownsClient = options.ownsClient ?? false;
    this.projections = new EventStoreDbProjectionStore(client, { namespace });
  }

  /**
   * The underlying client, e.g. for subscriptions: an `EventStoreDBClient` or a
   * `KurrentDBClient`. Do not dispose it while the store is in use.
   */
  get client(): EventStoreDbClientLike {
    return this.#client;
  }

  /** The stream-id prefix of this store (`""` for none). */
  get namespace(): string {
    return this.#namespace;
  }

  async append(request: DriverAppend): Promise<DriverAppendOutcome> {
    const name = this.#streamName(request.streamId);
    const expected = expectedRevisionOf(request);
    let result: EsdbAppendResult;
    try {
      result = await this.#client.appendToStream(name, request.events.map(eventDataOf), {
        expectedRevision: expected,
        streamState: expected,
      });
    } catch (error) {
      if (isConflict(error))
        return {
          outcome: "conflict",
          actualVersion: actualVersionOfConflict(error) ?? (await this.#currentVersion(name)),
        };
      const tooLarge = appendTooLargeReason(error);
      if (tooLarge !== undefined) throw new InvalidStoreInputError("events", tooLarge);
      throw error;
    }
    // Only from a client made with `throwOnAppendFailure: false`, whose failure result carries
    // no reliable current revision: ask the stream itself.
    if (!result.success) return { outcome: "conflict", actualVersion: await this.#currentVersion(name) };
    return {
      outcome: "appended-last-only",
      streamVersion: streamVersionOfRevision(result.nextExpectedRevision),
      globalPosition:
        globalPositionOf(result.position) ??
        (await this.#positionOfRevision(name, result.nextExpectedRevision)),
    };
  }

  async readStream({ streamId, direction, fromVersion, limit }: DriverStreamRead): Promise<DriverRow[]> {
    const name = this.#streamName(streamId);
    let fromRevision: "end" | bigint;
    if (direction === "forwards") fromRevision = revisionOfVersion(fromVersion);
    else if (fromVersion === Number.MAX_SAFE_INTEGER) fromRevision = "end";
    else {
      // A backward read from beyond the end returns only what lies in the `limit` revisions
      // below its start, so start at the stream's last version at most.
      const from = Math.min(fromVersion, await this.#currentVersion(name));
      if (from === 0) return [];
      fromRevision = revisionOfVersion(from);
    }
    const rows: DriverRow[] = [];
    try {
      await drain(
        this.#client.readStream(name, { direction, fromRevision, maxCount: limit, resolveLinkTos: false }),
        (resolved) => {
          rows.push(this.#streamRow(streamId, resolved));
          return true;
        },
      );
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return rows;
  }

  async readAll({ after, limit }: DriverAllRead): Promise<DriverRow[]> {
    if (after === 0) return this.#scanAll(after, limit, "start");
    try {
      return await this.#scanAll(after, limit, readPositionAfter(after));
    } catch (error) {
      if (this.classify(error) !== undefined) throw error;
      // The server refuses to start a read at a position that is not the start of a record
      // (any number is a valid `after` to the port, but only positions this store returned
      // are record starts in `$all`): find the position by reading from the start instead.
      return this.#scanAll(after, limit, "start");
    }
  }

  async close(): Promise<void> {
    this.projections.close();
    if (this.#ownsClient) await this.#client.dispose();
  }

  classify(error: unknown): DriverFailure | undefined {
    return classifyEventStoreDbError(error);
  }

  #streamName(streamId: string): string {
    if (streamId.startsWith(PROJECTION_STREAM_PREFIX))
      throw new InvalidStoreInputError(
        "streamId",
        `must not start with ${PROJECTION_STREAM_PREFIX} (reserved for projection snapshots in EventStoreDB)`,
      );
    return this.#namespace + streamId;
  }

  /** Reads `$all` forwards from `from`, keeping up to `limit` of our rows after `after`. */
  async #scanAll(after: number, limit: number, from: "start" | EsdbPosition): Promise<DriverRow[]> {
    const rows: DriverRow[] = [];
    let last = after;
    await drain(
      this.#client.readAll({ fromPosition: from, direction: "forwards", resolveLinkTos: false }),
      (resolved) => {
        const row = this.#allRow(resolved);
        if (row === undefined || row.globalPosition <= after) return true;
        if (row.globalPosition <= last)
          throw new Error(
            `$all returned ${row.streamId}@${row.streamVersion} at commit position ${row.globalPosition}, ` +
              `not after ${last}: events sharing a commit position (explicit transactions) are not supported`,
          );
        rows.push(row);
        last = row.globalPosition;
        return rows.length < limit;
      },
    );
    return rows;
  }

  /** The stream's version: its last revision + 1, or 0 when it does not exist. */
  async #currentVersion(name: string): Promise<number> {
    let version = 0;
    try {
      await drain(
        this.#client.readStream(name, {
          direction: "backwards",
          fromRevision: "end",
          maxCount: 1,
          resolveLinkTos: false,
        }),
        (resolved) => {
          if (resolved.event !== undefined) version = streamVersionOfRevision(resolved.event.revision);
          return false;
        },
      );
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
    }
    return version;
  }

  /** The global position of the event at `revision`, for appends whose result has none. */
  async #positionOfRevision(name: string, revision: bigint): Promise<number> {
    let position: number | undefined;
    await drain(
      this.#client.readStream(name, {
        direction: "forwards",
        fromRevision: revision,
        maxCount: 1,
        resolveLinkTos: false,
      }),
      (resolved) => {
        position = positionOf(resolved);
        return false;
      },
    );
    if (position === undefined)
      throw new Error(
        `EventStoreDB reported no $all position for ${name}@${revision}; it needs server 22.6+`,
      );
    return position;
  }

  #streamRow(streamId: string, resolved: EsdbResolvedEvent): DriverRow {
    const event = resolved.event;
    if (event === undefined)
      throw new Error(
        `EventStoreDB returned an entry without an event in stream ${JSON.stringify(streamId)}`,
      );
    const position = positionOf(resolved);
    const row = rowOf(streamId, event, position);
    if (row === "foreign")
      throw new CorruptEventError(
        streamId,
        streamVersionOfRevision(event.revision),
        position ?? 0,
        "metadata",
        "was not written by @iop/store-eventstoredb (no JSON data, or no schemaVersion and meta in its metadata)",
      );
    if (row === "no-position")
      throw new Error(
        `EventStoreDB reported no $all position for ${JSON.stringify(streamId)}@${streamVersionOfRevision(event.revision)}; ` +
          "stream reads carry positions from server version 22.6 on",
      );
    return row;
  }

  #allRow(resolved: EsdbResolvedEvent): DriverRow | undefined {
    const event = resolved.event;
    if (event === undefined || isSystemEvent(event) || !event.streamId.startsWith(this.#namespace))
      return undefined;
    const row = rowOf(event.streamId.slice(this.#namespace.length), event, positionOf(resolved));
    return typeof row === "string" ? undefined : row;
  }
}

function isClient(value: unknown): value is EventStoreDbClientLike {
  if (typeof value !== "object" || value === null) return false;
  const client = value as Record<string, unknown>;
  return ["appendToStream", "readStream", "readAll", "dispose"].every((m) => typeof client[m] === "function");
}

/** The global position of a read event, from the event's position or else the resolved one. */
function positionOf(resolved: EsdbResolvedEvent): number | undefined {
  return globalPositionOf(resolved.event?.position) ?? globalPositionOfCommit(resolved.commitPosition);
}
