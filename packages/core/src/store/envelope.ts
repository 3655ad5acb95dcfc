import type { Violation } from "../errors/index.js";
import type { SourceDocument } from "../schemas/source-document.js";

/** JSON that a store can keep and give back unchanged. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Metadata kept with every event. All fields are optional; stores keep unknown keys too, so
 * integrations may add their own.
 */
export interface EventMetadata {
  /** Who issued the command (a user or system id; never contact details). */
  readonly actor?: string;
  /** The command's id: a command id already applied to a stream appends nothing again. */
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** The business date the event takes effect (a calendar date), when it differs from the record. */
  readonly effectiveDate?: string;
  readonly sourceDocument?: SourceDocument;
  /** Rule warnings known and accepted when the event was recorded. */
  readonly warnings?: readonly Violation[];
  readonly [key: string]: unknown;
}

/** An event to append. The store assigns its version, global position and recorded-at time. */
export interface NewEvent {
  /** A UUID; the store generates one when absent. */
  readonly eventId?: string;
  readonly type: string;
  readonly schemaVersion: number;
  /** A JSON object. */
  readonly data: unknown;
  readonly metadata?: EventMetadata;
}

/** An event as a store keeps it: the envelope every adapter returns in the same shape. */
export interface StoredEvent {
  readonly eventId: string;
  readonly streamId: string;
  /** 1 for a stream's first event, then contiguous. */
  readonly streamVersion: number;
  /** Strictly increasing across the whole store; not necessarily contiguous. */
  readonly globalPosition: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Json;
  readonly metadata: EventMetadata;
  /** When the store recorded the event: ISO 8601 in UTC (`…Z`). */
  readonly recordedAt: string;
  /**
   * The hash of the stream's event before it (64 zeros for the first): the link of the hash
   * chain. See `docs/integrity.md`.
   */
  readonly previousHash: string;
  /** SHA-256 of the event's canonical envelope with `previousHash` (`eventHash`), lower-case hex. */
  readonly hash: string;
}

/**
 * An event as another store recorded it, to be appended with its id, version, record time and
 * hashes kept (an import): the store checks that the hashes are this envelope's.
 */
export interface RecordedEnvelope {
  readonly eventId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
  /** ISO 8601 in UTC with milliseconds. */
  readonly recordedAt: string;
  readonly previousHash: string;
  readonly hash: string;
}

/**
 * One stream's run of recorded events in a chunk of `IopStore.importRecorded`: the events
 * continue the stream where it stands, or where the chunk's run of it before this one ended.
 */
export interface RecordedAppend {
  readonly streamId: string;
  readonly events: readonly RecordedEnvelope[];
}
