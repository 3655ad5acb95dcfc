import { EventDecodingError } from "./errors.js";
import { type DomainEvent, eventCatalog, isEventType } from "./events/catalog.js";
import { zodIssues } from "./parse-command.js";
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
 * @throws {EventDecodingError} for an unknown type or version, or data that does not validate.
 */
export function decodeEvent(
  stored: StoredEvent,
  upcasters: UpcasterRegistry = defaultUpcasters,
): RecordedEvent {
  const fail = (message: string, field = "type") =>
    new EventDecodingError(
      stored.type,
      stored.schemaVersion,
      [{ field, message }],
      stored.streamId,
      stored.streamVersion,
    );
  if (!isEventType(stored.type)) throw fail("is not an event type of the IOP model");
  const entry = eventCatalog[stored.type];
  if (stored.schemaVersion > entry.schemaVersion)
    throw fail(
      `version ${stored.schemaVersion} is newer than this library knows (${entry.schemaVersion})`,
      "schemaVersion",
    );
  const lifted = upcasters.upcast(stored.type, stored.schemaVersion, entry.schemaVersion, stored.data);
  if (lifted === undefined) throw fail(`no upcaster from version ${stored.schemaVersion}`, "schemaVersion");
  const parsed = entry.data.safeParse(lifted);
  if (!parsed.success)
    throw new EventDecodingError(
      stored.type,
      stored.schemaVersion,
      zodIssues(parsed.error, "data"),
      stored.streamId,
      stored.streamVersion,
    );
  // The envelope keeps the version the event was written with; its data is in the current version.
  return { ...stored, type: stored.type, data: parsed.data } as RecordedEvent;
}
