import { ConcurrencyError, InvalidStoreInputError } from "../errors.js";
import type { EventMetadata, NewEvent } from "./envelope.js";
import { newEventId } from "./event-id.js";
import type { ExpectedVersion, ReadAllOptions, ReadStreamOptions } from "./event-store.js";

/** Longest stream id every adapter accepts (EventStoreDB and index limits set the bound). */
export const MAX_STREAM_ID_LENGTH = 1000;
/** Longest event type name. */
export const MAX_EVENT_TYPE_LENGTH = 200;
/** Largest serialised event data, in UTF-16 code units of its JSON. */
export const MAX_EVENT_DATA_LENGTH = 4 * 1024 * 1024;

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

/** Checks that `value` is JSON that survives a round trip unchanged; `path` names the field. */
function assertJson(value: unknown, path: string): void {
  switch (typeof value) {
    case "string":
      if (!value.isWellFormed()) fail(path, "must be well-formed Unicode (no lone surrogates)");
      if (value.includes("\u0000")) fail(path, "must not contain NUL characters");
      return;
    case "number":
      if (!Number.isFinite(value)) fail(path, "must be a finite number");
      return;
    case "boolean":
      return;
    case "object": {
      if (value === null) return;
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          assertJson(item, `${path}[${i}]`);
        });
        return;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) fail(path, "must be a plain JSON object");
      for (const [key, item] of Object.entries(value)) {
        if (!key.isWellFormed() || key.includes("\u0000"))
          fail(path, "keys must be well-formed Unicode without NUL");
        // JSON drops undefined properties, which is a faithful round trip of what was meant.
        if (item !== undefined) assertJson(item, `${path}.${key}`);
      }
      return;
    }
    default:
      fail(path, `must be JSON (got ${typeof value})`);
  }
}

function assertPlainObject(value: unknown, path: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail(path, "must be a JSON object");
  assertJson(value, path);
}

/**
 * Checks and serialises a batch before any adapter touches storage, so every adapter refuses
 * the same inputs with the same {@link InvalidStoreInputError}, and a refused batch writes nothing.
 */
export function prepareAppend(streamId: unknown, events: unknown): PreparedEvent[] {
  assertStreamId(streamId);
  if (!Array.isArray(events)) fail("events", "must be an array");
  if (events.length === 0) fail("events", "must contain at least one event");
  return events.map((raw: unknown, i): PreparedEvent => {
    const at = `events[${i}]`;
    if (typeof raw !== "object" || raw === null) fail(at, "must be an object");
    const event = raw as Partial<NewEvent>;
    const { type, schemaVersion } = event;
    if (typeof type !== "string" || type.length === 0) fail(`${at}.type`, "must be a non-empty string");
    if (type.length > MAX_EVENT_TYPE_LENGTH)
      fail(`${at}.type`, `must be at most ${MAX_EVENT_TYPE_LENGTH} characters`);
    if (!type.isWellFormed() || CONTROL.test(type) || type.startsWith("$"))
      fail(`${at}.type`, "must be well-formed text without control characters or a leading $");
    if (typeof schemaVersion !== "number" || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1)
      fail(`${at}.schemaVersion`, "must be a positive integer");
    if (event.eventId !== undefined && (typeof event.eventId !== "string" || !UUID.test(event.eventId)))
      fail(`${at}.eventId`, "must be a UUID");
    assertPlainObject(event.data, `${at}.data`);
    const metadata: EventMetadata = event.metadata ?? {};
    assertPlainObject(metadata, `${at}.metadata`);
    const dataJson = JSON.stringify(event.data);
    if (dataJson.length > MAX_EVENT_DATA_LENGTH)
      fail(`${at}.data`, `must serialise to at most ${MAX_EVENT_DATA_LENGTH} characters of JSON`);
    return {
      // Lower case, as EventStoreDB gives ids back, so every adapter returns the same id.
      eventId: event.eventId?.toLowerCase() ?? newEventId(),
      type,
      schemaVersion,
      dataJson,
      metadataJson: JSON.stringify(metadata),
    };
  });
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

/** Throws {@link ConcurrencyError} unless a stream at `actual` satisfies `expected`. */
export function checkExpectedVersion(streamId: string, expected: ExpectedVersion, actual: number): void {
  const ok =
    expected === "any" ||
    (expected === "no-stream" && actual === 0) ||
    (expected === "stream-exists" && actual > 0) ||
    expected === actual;
  if (!ok) throw new ConcurrencyError(streamId, expected, actual);
}

function assertCount(value: unknown, field: string, min: number): void {
  if (value !== undefined && (typeof value !== "number" || !Number.isSafeInteger(value) || value < min))
    fail(field, `must be an integer of at least ${min}`);
}

/** Checks {@link ReadStreamOptions}; returns them with defaults filled in. */
export function normaliseReadStream(
  streamId: unknown,
  options: ReadStreamOptions = {},
): { direction: "forwards" | "backwards"; fromVersion: number | undefined; limit: number } {
  assertStreamId(streamId);
  assertCount(options.fromVersion, "fromVersion", 0);
  assertCount(options.limit, "limit", 0);
  const direction = options.direction ?? "forwards";
  if (direction !== "forwards" && direction !== "backwards")
    fail("direction", "must be 'forwards' or 'backwards'");
  return { direction, fromVersion: options.fromVersion, limit: options.limit ?? Number.MAX_SAFE_INTEGER };
}

/** Checks {@link ReadAllOptions}; returns them with defaults filled in. */
export function normaliseReadAll(options: ReadAllOptions = {}): { after: number; limit: number } {
  assertCount(options.after, "after", 0);
  assertCount(options.limit, "limit", 0);
  return { after: options.after ?? 0, limit: options.limit ?? Number.MAX_SAFE_INTEGER };
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
  assertJson(state, "state");
  return { stateJson: JSON.stringify(state) };
}
