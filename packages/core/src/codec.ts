import { EventDecodingError } from "./errors/index.js";
import { type DomainEvent, eventCatalog, isEventType } from "./events/catalog.js";
import { zodIssues } from "./parse-command.js";
import { parseEventData } from "./parse-event-data.js";
import type { EventMetadata, NewEvent, StoredEvent } from "./store/envelope.js";
import { defaultUpcasters, type UpcasterRegistry } from "./upcasting.js";

/** A stored event read as a domain event: the typed event plus its envelope. */
export type RecordedEvent = {
  [K in DomainEvent["type"]]: Extract<DomainEvent, { type: K }> & Omit<StoredEvent, "type" | "data">;
}[DomainEvent["type"]];

/** The envelope of a domain event to append, stamped with its current schema version. */
export function encodeEvent(event: DomainEvent, metadata: EventMetadata = {}): NewEvent {
  return {
    type: event.type,
    schemaVersion: eventCatalog[event.type].schemaVersion,
    data: event.data,
    metadata,
  };
}

/**
 * Reads a stored event as a domain event: upcasts old schema versions, then validates the data
 * against the current schema, so a replay never folds data the model does not understand.
 * An event whose data is already in its schema's parsed form (as everything this library stores
 * is) is returned as the same object, not a copy: treat decoded events as read-only.
 * @throws {EventDecodingError} for an unknown type or version, or data that does not validate.
 */
export function decodeEvent(
  stored: StoredEvent,
  upcasters: UpcasterRegistry = defaultUpcasters,
): RecordedEvent {
  const type = stored.type;
  if (!isEventType(type)) throw decodingError(stored, "type", "is not an event type of the IOP model");
  const entry = eventCatalog[type];
  const current = entry.schemaVersion;
  if (stored.schemaVersion > current)
    throw decodingError(
      stored,
      "schemaVersion",
      `version ${stored.schemaVersion} is newer than this library knows (${current})`,
    );
  const lifted =
    stored.schemaVersion === current
      ? stored.data
      : upcasters.upcast(type, stored.schemaVersion, current, stored.data);
  if (lifted === undefined)
    throw decodingError(stored, "schemaVersion", `no upcaster from version ${stored.schemaVersion}`);
  const parsed = parseEventData(type, lifted, true);
  if (!parsed.success)
    throw new EventDecodingError(
      type,
      stored.schemaVersion,
      zodIssues(parsed.error, "data"),
      stored.streamId,
      stored.streamVersion,
    );
  // Data in form is the stored object itself, so the stored event is the decoded one: this runs
  // for every event of every replay, where an envelope copy per event is what costs.
  if (parsed.data === stored.data) return stored as RecordedEvent;
  // The envelope keeps the version the event was written with; its data is in the current version.
  return {
    eventId: stored.eventId,
    streamId: stored.streamId,
    streamVersion: stored.streamVersion,
    globalPosition: stored.globalPosition,
    type,
    schemaVersion: stored.schemaVersion,
    data: parsed.data,
    metadata: stored.metadata,
    recordedAt: stored.recordedAt,
    previousHash: stored.previousHash,
    hash: stored.hash,
  } as RecordedEvent;
}

function decodingError(stored: StoredEvent, field: string, message: string): EventDecodingError {
  return new EventDecodingError(
    stored.type,
    stored.schemaVersion,
    [{ field, message }],
    stored.streamId,
    stored.streamVersion,
  );
}
