import { IntegrityError, InvalidStoreInputError } from "../errors/index.js";
import { isHash } from "../integrity/event-hash.js";
import type { SealedEvent } from "./driver.js";
import type { RecordedEnvelope } from "./envelope.js";
import { sealBatch } from "./seal.js";
import { assertNewEventIds, prepareAppend } from "./store-input.js";

/** A record time as the store stamps it: ISO 8601, UTC, milliseconds. */
const RECORDED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function fail(field: string, reason: string): never {
  throw new InvalidStoreInputError(field, reason);
}

/**
 * Checks a batch of events another store recorded and seals it again from its own fields: the
 * hashes it carries must be the ones the envelope gives, so an edited event is refused, not
 * stored with a hash that no longer proves it.
 * @returns the version the stream must be at, and the batch ready for a driver.
 */
export function prepareRecorded(
  streamId: string,
  events: readonly RecordedEnvelope[],
): { expectedVersion: number; sealed: SealedEvent[] } {
  const prepared = prepareAppend(streamId, events);
  assertNewEventIds(prepared, () => false);
  const recorded = events as readonly Partial<RecordedEnvelope>[];
  recorded.forEach((event, i) => {
    const at = `events[${i}]`;
    if (typeof event.eventId !== "string")
      fail(`${at}.eventId`, "is required: a recorded event keeps its id");
    if (!Number.isSafeInteger(event.streamVersion) || (event.streamVersion as number) < 1)
      fail(`${at}.streamVersion`, "must be a positive integer");
    if (i > 0 && event.streamVersion !== (recorded[i - 1]?.streamVersion as number) + 1)
      fail(`${at}.streamVersion`, `must follow ${recorded[i - 1]?.streamVersion} without a gap`);
    const time = event.recordedAt;
    if (
      typeof time !== "string" ||
      !RECORDED_AT.test(time) ||
      time.startsWith("0000") ||
      new Date(time).toISOString() !== time
    )
      fail(
        `${at}.recordedAt`,
        "must be an ISO 8601 UTC time with milliseconds, such as 2022-03-24T20:00:00.000Z",
      );
    for (const field of ["previousHash", "hash"] as const)
      if (!isHash(event[field])) fail(`${at}.${field}`, "must be 64 lower-case hex digits");
  });
  const first = events[0] as RecordedEnvelope;
  const sealed = sealBatch(
    streamId,
    { version: first.streamVersion - 1, hash: first.previousHash },
    prepared,
    (i) => (events[i] as RecordedEnvelope).recordedAt,
  );
  sealed.forEach((event, i) => {
    const given = events[i] as RecordedEnvelope;
    if (event.previousHash !== given.previousHash)
      throw new IntegrityError(
        `${streamId}@${given.streamVersion}: its previousHash is not the hash of the event before it`,
      );
    if (event.hash !== given.hash)
      throw new IntegrityError(
        `${streamId}@${given.streamVersion}: its hash is not its envelope's (the event was changed after it was recorded)`,
      );
  });
  return { expectedVersion: first.streamVersion - 1, sealed };
}
