import { randomUUID } from "node:crypto";
import { eventHash, GENESIS_HASH, type NewEvent, type RecordedEnvelope, type StoredEvent } from "@iop/core";

/** Where a stream's chain ends: its version and the hash of its last event. */
export interface Head {
  readonly version: number;
  readonly hash: string;
}

/** The head of a stream that has no events yet. */
export const NO_STREAM: Head = { version: 0, hash: GENESIS_HASH };

/** A record time of long ago, as an import keeps it: no store stamps it now. */
export const RECORDED_AT = "2019-09-26T08:30:00.000Z";

/**
 * `events` as another store recorded them onto `head` at `recordedAt`: sealed here, by hand,
 * with the public `eventHash`, so the store is held to the documented hash and not to its own.
 */
export function recorded(
  streamId: string,
  events: readonly NewEvent[],
  head: Head = NO_STREAM,
  recordedAt = RECORDED_AT,
): RecordedEnvelope[] {
  let previousHash = head.hash;
  return events.map((event, i) => {
    const envelope = {
      eventId: event.eventId ?? randomUUID(),
      streamVersion: head.version + i + 1,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata ?? {},
      recordedAt,
    };
    const hash = eventHash({ ...envelope, streamId }, previousHash);
    const sealed = { ...envelope, previousHash, hash };
    previousHash = hash;
    return sealed;
  });
}

/** A stored event as `appendRecorded` takes it. */
export function asRecorded(event: StoredEvent): RecordedEnvelope {
  const { eventId, streamVersion, type, schemaVersion, data, metadata, recordedAt, previousHash, hash } =
    event;
  return { eventId, streamVersion, type, schemaVersion, data, metadata, recordedAt, previousHash, hash };
}

/** What `attempt` rejects with, or `undefined` when it resolves. */
export async function thrownBy(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
}
