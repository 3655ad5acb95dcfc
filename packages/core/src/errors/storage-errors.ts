import type { ExpectedVersion } from "../store/event-store.js";
import { describeIssues, type InputIssue, IopError } from "./iop-error.js";

/** The stream was not at the expected version: somebody else appended first. */
export class ConcurrencyError extends IopError {
  readonly code = "CONCURRENCY_CONFLICT";
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's actual version; 0 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`Stream ${JSON.stringify(streamId)}: expected version ${String(expected)}, but it is at ${actual}`);
  }
}

/** An append, read or store option the store refused before touching any data. */
export class InvalidStoreInputError extends IopError {
  readonly code = "INVALID_STORE_INPUT";
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** The store cannot be reached now (server down, connection refused, locked). Safe to retry later. */
export class StoreUnavailableError extends IopError {
  readonly code = "STORE_UNAVAILABLE";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The store was used after `close()`. */
export class StoreClosedError extends IopError {
  readonly code = "STORE_CLOSED";
  constructor() {
    super("The event store is closed");
  }
}

/** The disk or database is full: nothing of the refused write was kept. Free space and retry. */
export class StoreFullError extends IopError {
  readonly code = "STORE_FULL";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A write to a store opened read-only, or on read-only media. Nothing was written. */
export class StoreReadOnlyError extends IopError {
  readonly code = "STORE_READ_ONLY";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The store could not be opened: the file or folder is missing, is not a database, is a folder,
 * or may not be read. `reason` says which; the message says what to do.
 */
export class StoreOpenError extends IopError {
  readonly code = "STORE_CANNOT_OPEN";
  constructor(
    readonly reason: "not-found" | "not-a-store" | "access-denied" | "misconfigured",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The driver failed in a way the port has no better name for. The driver's own error is the
 * `cause`; nothing the failed call tried to write was acknowledged.
 */
export class StoreDriverError extends IopError {
  readonly code = "STORE_DRIVER_FAILED";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A stored event that cannot be read back: its JSON is broken, or a column holds what no
 * adapter writes. Names where it lies; other events and streams stay readable.
 */
export class CorruptEventError extends IopError {
  readonly code = "CORRUPT_EVENT";
  constructor(
    readonly streamId: string,
    readonly streamVersion: number,
    readonly globalPosition: number,
    /** The envelope field that cannot be read: `data`, `metadata`, `recordedAt`… */
    readonly field: string,
    readonly reason: string,
  ) {
    super(
      `Stored event ${streamId}@${streamVersion} (position ${globalPosition}) is corrupt: ${field} ${reason}`,
    );
  }
}

/** A stored event could not be read as a domain event. */
export class EventDecodingError extends IopError {
  readonly code = "EVENT_DECODING_FAILED";
  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
    readonly issues: readonly InputIssue[],
    readonly streamId?: string,
    readonly streamVersion?: number,
  ) {
    super(
      `Cannot decode ${eventType} v${schemaVersion}${streamId === undefined ? "" : ` at ${streamId}@${streamVersion}`}: ${describeIssues(issues)}`,
    );
  }
}

/** A durable projection's stored checkpoint moved under the runner: another runner is active. */
export class ProjectionConflictError extends IopError {
  readonly code = "PROJECTION_CONFLICT";
  constructor(
    readonly projection: string,
    readonly expectedCheckpoint: number | null,
  ) {
    super(
      `Projection ${JSON.stringify(projection)} was not at checkpoint ${String(expectedCheckpoint)}: another runner saved it`,
    );
  }
}
