import { isProxy } from "node:util/types";
import { InvalidStoreInputError } from "../errors/index.js";
import type { NewEvent } from "./envelope.js";
import { newEventId } from "./event-id.js";
import type { ExpectedVersion, ReadAllOptions, ReadStreamOptions } from "./event-store.js";
import { exactJson, plainArrayItems } from "./exact-json.js";

/** Longest stream id every adapter accepts (EventStoreDB and index limits set the bound). */
export const MAX_STREAM_ID_LENGTH = 1000;
/** Longest event type name. */
export const MAX_EVENT_TYPE_LENGTH = 200;
/** Largest serialised event data, in UTF-16 code units of its JSON. */
export const MAX_EVENT_DATA_LENGTH = 4 * 1024 * 1024;
/** Largest serialised event metadata, in UTF-16 code units of its JSON. */
export const MAX_EVENT_METADATA_LENGTH = 64 * 1024;
/** Events a read-all returns when the caller gives no `limit`: a page, never the whole store. */
export const DEFAULT_READ_ALL_LIMIT = 1000;

const CONTROL = /[\u0000-\u001f\u007f]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event checked and serialised once, ready for any adapter to write. */
export interface PreparedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly dataJson: string;
  readonly metadataJson: string;
}

function fail(field: string, reason: string): never {
  throw new InvalidStoreInputError(field, reason);
}

/** Checks a stream id: 1–1000 characters, well-formed Unicode, no control characters, no leading `$`. */
export function assertStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== "string") fail("streamId", "must be a string");
  if (streamId.length === 0) fail("streamId", "must not be empty");
  if (streamId.length > MAX_STREAM_ID_LENGTH)
    fail("streamId", `must be at most ${MAX_STREAM_ID_LENGTH} characters (got ${streamId.length})`);
  if (!streamId.isWellFormed()) fail("streamId", "must be well-formed Unicode (no lone surrogates)");
  if (CONTROL.test(streamId)) fail("streamId", "must not contain control characters such as NUL");
  if (streamId.startsWith("$")) fail("streamId", "must not start with $ (reserved for system streams)");
}

/** A JSON object serialised exactly (see {@link exactJson}), at most `max` characters long. */
function jsonObject(value: unknown, path: string, max: number): string {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail(path, "must be a JSON object");
  const json = exactJson(value, path);
  if (json.length > max)
    fail(path, `must serialise to at most ${max} characters of JSON (got ${json.length})`);
  return json;
}

/**
 * Checks and serialises a batch before any adapter touches storage, so every adapter refuses
 * the same inputs with the same {@link InvalidStoreInputError}, and a refused batch writes nothing.
 */
export function prepareAppend(streamId: unknown, events: unknown): PreparedEvent[] {
  assertStreamId(streamId);
  const items = plainArrayItems(events, "events");
  if (items.length === 0) fail("events", "must contain at least one event");
  const prepared = new Array<PreparedEvent>(items.length);
  for (let i = 0; i < items.length; i++) {
    const at = `events[${i}]`;
    const raw: unknown = items[i];
    if (typeof raw !== "object" || raw === null || isProxy(raw)) fail(at, "must be a plain object");
    const { type, schemaVersion, eventId, data, metadata } = raw as Partial<NewEvent>;
    if (typeof type !== "string" || type.length === 0) fail(`${at}.type`, "must be a non-empty string");
    if (type.length > MAX_EVENT_TYPE_LENGTH)
      fail(`${at}.type`, `must be at most ${MAX_EVENT_TYPE_LENGTH} characters`);
    if (!type.isWellFormed() || CONTROL.test(type) || type.startsWith("$"))
      fail(`${at}.type`, "must be well-formed text without control characters or a leading $");
    if (typeof schemaVersion !== "number" || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1)
      fail(`${at}.schemaVersion`, "must be a positive integer");
    if (eventId !== undefined && (typeof eventId !== "string" || !UUID.test(eventId)))
      fail(`${at}.eventId`, "must be a UUID");
    const dataJson = jsonObject(data, `${at}.data`, MAX_EVENT_DATA_LENGTH);
    const metadataJson =
      metadata === undefined ? "{}" : jsonObject(metadata, `${at}.metadata`, MAX_EVENT_METADATA_LENGTH);
    prepared[i] = {
      // Lower case, as EventStoreDB gives ids back, so every adapter returns the same id.
      eventId: eventId?.toLowerCase() ?? newEventId(),
      type,
      schemaVersion,
      dataJson,
      metadataJson,
    };
  }
  return prepared;
}

/**
 * Refuses a batch whose event id is stored already (`isStored`) or repeats one earlier in the
 * batch: an event's id identifies one stored event. Adapters call it before writing, or after
 * their unique index fired, to name the event.
 * @throws {InvalidStoreInputError} on `events[i].eventId` for the first such event.
 */
export function assertNewEventIds(
  events: readonly PreparedEvent[],
  isStored: (eventId: string) => boolean,
): void {
  const batch = new Set<string>();
  events.forEach(({ eventId }, i) => {
    if (batch.has(eventId) || isStored(eventId))
      fail(`events[${i}].eventId`, "is already the id of another event");
    batch.add(eventId);
  });
}

/** Checks an expected version's form (a non-negative integer or one of the named modes). */
export function assertExpectedVersion(expected: unknown): asserts expected is ExpectedVersion {
  if (expected === "no-stream" || expected === "stream-exists" || expected === "any") return;
  if (typeof expected === "number" && Number.isSafeInteger(expected) && expected >= 0) return;
  fail("expectedVersion", "must be a non-negative integer, 'no-stream', 'stream-exists' or 'any'");
}

/** Whether a stream at `actual` (0: no stream) satisfies `expected`. */
export function acceptsVersion(expected: ExpectedVersion, actual: number): boolean {
  return (
    expected === "any" ||
    (expected === "no-stream" && actual === 0) ||
    (expected === "stream-exists" && actual > 0) ||
    expected === actual
  );
}

function assertCount(value: unknown, field: string, min: number): void {
  if (value !== undefined && (typeof value !== "number" || !Number.isSafeInteger(value) || value < min))
    fail(field, `must be an integer of at least ${min}`);
}

/** Checks {@link ReadStreamOptions}; returns them with defaults filled in. */
export function normaliseReadStream(
  streamId: unknown,
  options: ReadStreamOptions = {},
): { direction: "forwards" | "backwards"; fromVersion: number; limit: number } {
  assertStreamId(streamId);
  assertCount(options.fromVersion, "fromVersion", 0);
  assertCount(options.limit, "limit", 0);
  const direction = options.direction ?? "forwards";
  if (direction !== "forwards" && direction !== "backwards")
    fail("direction", "must be 'forwards' or 'backwards'");
  const fromVersion =
    direction === "forwards"
      ? Math.max(options.fromVersion ?? 1, 1)
      : (options.fromVersion ?? Number.MAX_SAFE_INTEGER);
  return { direction, fromVersion, limit: options.limit ?? Number.MAX_SAFE_INTEGER };
}

/** Checks {@link ReadAllOptions}; returns them with defaults filled in. */
export function normaliseReadAll(options: ReadAllOptions = {}): { after: number; limit: number } {
  assertCount(options.after, "after", 0);
  assertCount(options.limit, "limit", 0);
  return { after: options.after ?? 0, limit: options.limit ?? DEFAULT_READ_ALL_LIMIT };
}

/** Checks a projection name: non-empty, well-formed, without control characters. */
export function assertProjectionName(name: unknown): asserts name is string {
  if (typeof name !== "string" || name.length === 0 || !name.isWellFormed() || CONTROL.test(name))
    fail("name", "must be a non-empty, well-formed string without control characters");
}

/**
 * Checks a projection snapshot and expected checkpoint before any adapter writes, and returns
 * the state serialised once, so every {@link ProjectionStore} refuses the same inputs alike.
 */
export function prepareProjectionSave(snapshot: unknown, expectedCheckpoint: unknown): { stateJson: string } {
  if (typeof snapshot !== "object" || snapshot === null) fail("snapshot", "must be an object");
  const { name, version, checkpoint, state } = snapshot as Record<string, unknown>;
  assertProjectionName(name);
  assertCount(version, "version", 0);
  if (version === undefined) fail("version", "is required");
  assertCount(checkpoint, "checkpoint", 0);
  if (checkpoint === undefined) fail("checkpoint", "is required");
  if (expectedCheckpoint !== null) assertCount(expectedCheckpoint ?? -1, "expectedCheckpoint", 0);
  return { stateJson: exactJson(state, "state") };
}
