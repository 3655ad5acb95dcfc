import type { ProjectionTablesDriver } from "../tables/table-driver.js";
import type { ProjectionStore } from "./projection-store.js";
import type { PreparedEvent } from "./store-input.js";

/**
 * An event ready to write: checked, serialised, and sealed into its stream's hash chain by the
 * core. A driver writes every field as given and returns it as given.
 */
export interface SealedEvent extends PreparedEvent {
  /** The version it takes in its stream: the stream's version before the batch + its index + 1. */
  readonly streamVersion: number;
  /** ISO 8601 in UTC with milliseconds (`2022-03-24T20:00:00.000Z`). */
  readonly recordedAt: string;
  /** The hash of the stream's event before it; 64 zeros for the first. */
  readonly previousHash: string;
  /** SHA-256 of the canonical envelope (see `canonicalEnvelope`), as lower-case hex. */
  readonly hash: string;
}

/**
 * One append as the core hands it to a driver: checked, serialised, ids assigned. The driver
 * writes all of `events` or none, atomically with its check of the stream's version.
 */
export interface DriverAppend {
  readonly streamId: string;
  /**
   * The caller's expected version, for drivers that check it on a server (an SQL function,
   * EventStoreDB's `expectedRevision`). Drivers that read the version themselves call
   * {@link accepts} instead, so the semantics live in one place.
   */
  readonly expectedVersion: number | "no-stream";
  /**
   * Whether a stream at `actualVersion` (0: no such stream) may take this append. The core
   * chains the batch onto one version, so this is true for exactly one: the version before
   * `events[0].streamVersion`.
   */
  accepts(actualVersion: number): boolean;
  /** In batch order, versions contiguous; event ids are new within the batch (the core checked). */
  readonly events: readonly SealedEvent[];
}

/** What became of a {@link DriverAppend}. Anything but `appended` means nothing was written. */
export type DriverAppendOutcome =
  | {
      readonly outcome: "appended";
      /** The stream's version after the append. */
      readonly streamVersion: number;
      /** Each event's global position, in batch order. */
      readonly globalPositions: readonly number[];
    }
  | {
      /** The server knows where the batch went only as its last position (EventStoreDB). */
      readonly outcome: "appended-last-only";
      readonly streamVersion: number;
      readonly globalPosition: number;
    }
  | { readonly outcome: "conflict"; readonly actualVersion: number }
  | {
      /** One or more event ids of the batch are stored already. */
      readonly outcome: "event-id-in-use";
      readonly eventIds: readonly string[];
    };

/**
 * What became of an {@link EventStoreDriver.appendChunk}. Anything but `appended` means nothing
 * of the chunk was written.
 */
export type DriverChunkOutcome =
  | {
      readonly outcome: "appended";
      /** Each event's global position, in chunk order: the appends' events one after another. */
      readonly globalPositions: readonly number[];
    }
  | {
      /** `appends[index]` found its stream at `actualVersion`, which it does not accept. */
      readonly outcome: "conflict";
      readonly index: number;
      readonly actualVersion: number;
    }
  | {
      /** One or more event ids of the chunk are stored already. */
      readonly outcome: "event-id-in-use";
      readonly eventIds: readonly string[];
    };

/** One stored event as a driver reads it: the envelope with data and metadata as JSON text. */
export interface DriverRow {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly globalPosition: number;
  readonly type: string;
  readonly schemaVersion: number;
  /** The data's JSON text, as the core serialised it. */
  readonly data: string;
  /** The metadata's JSON text, as the core serialised it. */
  readonly metadata: string;
  /** ISO 8601 in UTC (`…Z`), as written. */
  readonly recordedAt: string;
  /** As written: see {@link SealedEvent}. */
  readonly previousHash: string;
  /** As written: see {@link SealedEvent}. */
  readonly hash: string;
}

/** A stream read as the core hands it to a driver: every option checked and filled in. */
export interface DriverStreamRead {
  readonly streamId: string;
  readonly direction: "forwards" | "backwards";
  /**
   * First version to return, inclusive, at least 1: forwards from it; backwards from it, which
   * may lie past the stream's end (`Number.MAX_SAFE_INTEGER` for "from the end"): a backward
   * read then starts at the stream's last event.
   */
  readonly fromVersion: number;
  /** At most this many rows; at least 1. */
  readonly limit: number;
}

/** A read of all streams as the core hands it to a driver. */
export interface DriverAllRead {
  /** Rows strictly after this global position. */
  readonly after: number;
  /** At most this many rows; at least 1. */
  readonly limit: number;
}

/**
 * A driver's name for a failure of its database, which the core turns into the port's typed
 * error with a message that says what to do:
 * - `unavailable`: the server cannot be reached or the file is locked — retry later;
 * - `full`: the disk or database is full;
 * - `read-only`: the store or its media may not be written;
 * - `not-found`: the file, folder or database does not exist;
 * - `not-a-store`: the file is not a database (or is a folder);
 * - `access-denied`: the operating system or server refuses access;
 * - `misconfigured`: an option the database refuses (a reserved schema name, say).
 */
export interface DriverFailure {
  readonly kind:
    | "unavailable"
    | "full"
    | "read-only"
    | "not-found"
    | "not-a-store"
    | "access-denied"
    | "misconfigured";
  /** What the driver saw, in a few words: `SQLITE_FULL`, `53100 disk full`… */
  readonly detail: string;
}

/**
 * A storage driver: the part of an adapter that only stores and reads rows. The core's store
 * (`openEventStore`, `createEventStore`) wraps it and does, once for every adapter, what the port promises:
 * open/closed state, input checks and serialisation, event ids, expected-version semantics,
 * decoding rows (a corrupt one becomes `CorruptEventError`) and translating failures.
 *
 * A driver:
 * - writes a batch atomically with its version check, and reports a conflict or an event id in
 *   use as an outcome, not an error;
 * - gives versions from 1, contiguous within a stream, and global positions strictly increasing
 *   in the order a catch-up reader may safely see them;
 * - returns rows exactly as written (the JSON text may be re-encoded, never changed in value);
 * - throws its own errors and names the ones it recognises in {@link classify}.
 */
export interface EventStoreDriver {
  /** The adapter's name for messages: `SQLite`, `PostgreSQL`… */
  readonly name: string;
  /** Durable projection snapshots beside the events, on the same storage. */
  readonly projections: ProjectionStore;
  /** Durable projection tables on the same storage, when the adapter keeps them; closed with the driver. */
  readonly tables?: ProjectionTablesDriver;
  /**
   * Connects, opens files, migrates: called once by `openEventStore` before anything else (a
   * driver ready at once leaves it out). After a failed open, `close` is still called.
   */
  open?(): Promise<void>;
  append(request: DriverAppend): Promise<DriverAppendOutcome>;
  /**
   * Writes a chunk of appends over many streams atomically — all of it or none — with each
   * stream's version check: the bulk path of an import (`IopStore.importRecorded`). The appends
   * come in the order their events are to take global positions; a stream may come more than
   * once, each later append continuing exactly where the one before left it (the core chained
   * them), so only a stream's first append in the chunk is checked against storage (`accepts`).
   * Event ids are new within the chunk (the core checked). Optional: without it the core makes
   * the appends one by one with {@link append}.
   */
  appendChunk?(appends: readonly DriverAppend[]): Promise<DriverChunkOutcome>;
  /** Rows of one stream in the requested direction; `[]` for an unknown stream. */
  readStream(request: DriverStreamRead): Promise<readonly DriverRow[]>;
  /** Rows after a position in global order, at most `limit`. */
  readAll(request: DriverAllRead): Promise<readonly DriverRow[]>;
  /** Releases connections and files. Called once. */
  close(): Promise<void>;
  /** Names a failure of this driver's database, or `undefined` for one it does not know. */
  classify(error: unknown): DriverFailure | undefined;
}
