import { randomUUID } from "node:crypto";
import {
  isIopError,
  ProjectionConflictError,
  type ProjectionSnapshot,
  type ProjectionStore,
  StoreClosedError,
} from "@iop/core";
import { assertProjectionName, driverFailure, prepareProjectionSave } from "@iop/core/adapter-kit";
import { classifyEventStoreDbError, isConflict, isStreamNotFound } from "./classify.js";
import type { EsdbExpectedRevision, EsdbJsonEventData, EventStoreDbClientLike } from "./client.js";
import { assertNamespace } from "./namespace.js";
import { deletedEvent, projectionStreamName, snapshotEvent, snapshotOf } from "./projection-snapshots.js";
import { drain } from "./streaming-read.js";

/** Options of {@link EventStoreDbProjectionStore}. */
export interface EventStoreDbProjectionStoreOptions {
  /** The stream-name prefix, as the event store's `namespace`. Defaults to `""`. */
  readonly namespace?: string;
}

/** The last event of a projection's stream: its revision, and the snapshot it holds if any. */
interface Head {
  readonly revision: EsdbExpectedRevision;
  readonly snapshot: ProjectionSnapshot | undefined;
}

/**
 * Durable projection snapshots on EventStoreDB: each save appends the snapshot (state and
 * checkpoint in one event, so both move or neither) to the projection's own stream
 * (`projectionStreamName`), with the stream's revision as the expected revision. A save whose
 * expected checkpoint is not the stored one, or that another runner overtook between the read
 * and the append, throws {@link ProjectionConflictError}. `load` reads the stream's last event
 * backwards. `delete` appends a deletion event rather than deleting the stream: a deleted stream
 * is re-created only under the server's rules for deleted streams (and never after a hard
 * delete), while a deletion event keeps every save a plain conditional append.
 *
 * Every save adds an event: to keep only the last few, set `$maxCount` on the streams' metadata
 * (the server's scavenge then removes the older ones). Failures are the port's typed errors: an
 * unreachable server is {@link StoreUnavailableError}.
 *
 * It is the `projections` of the EventStoreDB store, which closes it; a projection store of its
 * own leaves its client to the caller.
 */
/** How the projection store names itself and its failures (the driver's classification). */
const PROJECTION_STORE = { name: "EventStoreDB projection store", classify: classifyEventStoreDbError };

export class EventStoreDbProjectionStore implements ProjectionStore {
  readonly #client: EventStoreDbClientLike;
  readonly #namespace: string;
  #closed = false;

  /** @throws {InvalidStoreInputError} on field `namespace` for a namespace that is not allowed. */
  constructor(client: EventStoreDbClientLike, options: EventStoreDbProjectionStoreOptions = {}) {
    const namespace = options.namespace ?? "";
    assertNamespace(namespace);
    this.#client = client;
    this.#namespace = namespace;
  }

  async load(name: string): Promise<ProjectionSnapshot | undefined> {
    this.#assertOpen();
    assertProjectionName(name);
    return this.#call(async () => (await this.#head(name)).snapshot);
  }

  async save(snapshot: ProjectionSnapshot, expectedCheckpoint: number | null): Promise<void> {
    this.#assertOpen();
    const { stateJson } = prepareProjectionSave(snapshot, expectedCheckpoint);
    const { name } = snapshot;
    await this.#call(async () => {
      const head = await this.#head(name);
      if ((head.snapshot?.checkpoint ?? null) !== expectedCheckpoint)
        throw new ProjectionConflictError(name, expectedCheckpoint);
      const appended = await this.#append(
        name,
        head.revision,
        snapshotEvent(randomUUID(), snapshot, stateJson),
      );
      if (!appended) throw new ProjectionConflictError(name, expectedCheckpoint);
    });
  }

  async delete(name: string): Promise<void> {
    this.#assertOpen();
    assertProjectionName(name);
    await this.#call(async () => {
      // Nothing to forget: do not create a stream just to say so.
      if ((await this.#head(name)).snapshot === undefined) return;
      await this.#append(name, "any", deletedEvent(randomUUID(), name));
    });
  }

  /** Later calls throw `StoreClosedError`; the client is its owner's to dispose. */
  close(): void {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  async #head(name: string): Promise<Head> {
    let head: Head = { revision: "no_stream", snapshot: undefined };
    try {
      await drain(
        this.#client.readStream(projectionStreamName(this.#namespace, name), {
          direction: "backwards",
          fromRevision: "end",
          maxCount: 1,
          resolveLinkTos: false,
        }),
        ({ event }) => {
          if (event !== undefined) head = { revision: event.revision, snapshot: snapshotOf(name, event) };
          return false;
        },
      );
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
    }
    return head;
  }

  /** Appends `event` if the stream is still at `revision`; `false` when it moved. */
  async #append(name: string, revision: EsdbExpectedRevision, event: EsdbJsonEventData): Promise<boolean> {
    try {
      const result = await this.#client.appendToStream(projectionStreamName(this.#namespace, name), [event], {
        expectedRevision: revision,
        streamState: revision,
      });
      return result.success;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  /** Runs a call on the server; its failure becomes the port's typed error. */
  async #call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isIopError(error)) throw error;
      if (this.#closed) throw new StoreClosedError();
      throw driverFailure(PROJECTION_STORE, error);
    }
  }
}
