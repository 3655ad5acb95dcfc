import { type AppendedEvent, eventHash, GENESIS_HASH, type StoredEvent } from "@iop/core";
import { expect } from "vitest";

/** What `AppendResult.events` says of an event: exactly these fields of its read. */
export function appendedAs({
  eventId,
  globalPosition,
  recordedAt,
  previousHash,
  hash,
}: StoredEvent): AppendedEvent {
  return { eventId, globalPosition, recordedAt, previousHash, hash };
}

/**
 * Expects `events` to be one whole stream, read forwards, as an unbroken hash chain: versions
 * 1, 2, 3 …; the first event's `previousHash` is {@link GENESIS_HASH}, each next one the hash of
 * the event before it; and every hash is recomputed here, with `eventHash`, from the envelope as
 * it was read back, so a store that hashed anything but what it returns is caught.
 */
export function expectUnbrokenChain(events: readonly StoredEvent[]): void {
  let previousHash = GENESIS_HASH;
  events.forEach((event, i) => {
    const at = `${event.streamId}@${event.streamVersion}`;
    expect(event.streamVersion, `${at}: version`).toBe(i + 1);
    expect(event.previousHash, `${at}: previousHash`).toBe(previousHash);
    expect(event.hash, `${at}: hash`).toBe(eventHash(event, event.previousHash));
    previousHash = event.hash;
  });
}
