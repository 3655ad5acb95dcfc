import { z } from "zod";
import { AGREEMENT_STREAM_PREFIX } from "../agreement-stream.js";
import { type CommandType, commandEvents, eventCommands } from "../commands.js";
import { type EventType, eventCatalog } from "../events/catalog.js";
import { HASH_PATTERN } from "../integrity/event-hash.js";
import { personErasedData } from "../personal/erasure.js";
import { PERSONAL_DATA_STREAM } from "../personal/personal-data-store.js";
import { personalFields } from "../personal/personal-fields.js";
import { calendarDate } from "../schemas/calendar-date.js";
import { sourceDocument } from "../schemas/source-document.js";

/** A JSON Schema (draft 2020-12) document, as the catalog writes it. */
export type JsonSchema = { [keyword: string]: unknown };

/** Where the catalog's `$id`s live: each file's `$id` is this plus its path in `catalog/`. */
export const CATALOG_BASE_URI = "https://iop-event-store.example/catalog/";

/** The annotation that marks a personal field (`"x-personal": "name"`), from zod's `.meta({ personal })`. */
export const PERSONAL_KEYWORD = "x-personal";

/** The type of the erasure event on the personal-data stream. */
export const PERSON_ERASED = "PersonErased";

// zod's own ISO date pattern checks the real day (leap years included), as `isCalendarDate` does;
// the refinement of `calendarDate` has no JSON Schema form, so the pattern stands in for it.
const calendarDateJson = (() => {
  const { format, pattern } = z.toJSONSchema(z.iso.date()) as JsonSchema;
  return { format, pattern };
})();

const violation = z.object({
  code: z.string(),
  severity: z.enum(["error", "warning"]),
  field: z.string(),
  message: z.object({ sv: z.string(), en: z.string() }),
  details: z.record(z.string(), z.unknown()).optional(),
});

// EventMetadata: every field optional, unknown keys kept for integrations.
const metadata = z.looseObject({
  actor: z.string().optional(),
  commandId: z.string().optional(),
  correlationId: z.string().optional(),
  causationId: z.string().optional(),
  effectiveDate: calendarDate.optional(),
  sourceDocument: sourceDocument.optional(),
  warnings: z.array(violation).optional(),
});

const hash = z.string().regex(HASH_PATTERN);

/** The stored envelope (`StoredEvent`) around one event type's data. */
function envelope(type: string, schemaVersion: number, data: z.ZodType, streamId: z.ZodType) {
  return z.object({
    eventId: z.string().min(1),
    streamId,
    streamVersion: z.number().int().positive(),
    globalPosition: z.number().int().nonnegative(),
    type: z.literal(type),
    schemaVersion: z.literal(schemaVersion),
    data,
    metadata,
    recordedAt: z.iso.datetime({ precision: 3 }),
    previousHash: hash,
    hash,
  });
}

type Strictness = "open" | "closed";

/**
 * Converts with the catalog's conventions: calendar dates keep a pattern and `format: "date"`,
 * personal fields carry {@link PERSONAL_KEYWORD}, and objects are open (events: readers ignore
 * fields they do not know, as `decodeEvent` does) or closed (commands: `parseCommand` refuses them).
 */
function convert(schema: z.ZodType, io: "input" | "output", objects: Strictness): JsonSchema {
  return z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    override: ({ zodSchema, jsonSchema }) => {
      const json = jsonSchema as JsonSchema;
      if (zodSchema === calendarDate) Object.assign(json, calendarDateJson);
      if (typeof json.personal === "string") {
        json[PERSONAL_KEYWORD] = json.personal;
        delete json.personal;
      }
      const def = zodSchema._zod.def as { type: string; catchall?: unknown };
      if (def.type === "object" && def.catchall === undefined) {
        if (objects === "open") delete json.additionalProperties;
        else json.additionalProperties = false;
      }
    },
  }) as JsonSchema;
}

/** `$schema`, `$id`, title and description first, so every file reads the same way. */
function document(path: string, title: string, description: string, body: JsonSchema): JsonSchema {
  const { $schema, ...rest } = body;
  return { $schema, $id: `${CATALOG_BASE_URI}${path}`, title, description, ...rest };
}

/** The catalog path of an event type's schema, e.g. `events/Granted.schema.json`. */
export const eventSchemaPath = (type: string): string => `events/${type}.schema.json`;

/** The catalog path of a command's schema, e.g. `commands/Grant.schema.json`. */
export const commandSchemaPath = (type: string): string => `commands/${type}.schema.json`;

/**
 * The JSON Schema of an event of type `type` as a store returns it: the `StoredEvent` envelope
 * with `type` and `schemaVersion` as constants and the current version's data (defaults filled
 * in, so every defaulted field is required). `x-personal-fields` lists the personal fields' paths
 * in the data, as `personalFields` finds them.
 */
export function eventJsonSchema(type: EventType): JsonSchema {
  const { schemaVersion, data } = eventCatalog[type];
  // A pattern, not startsWith: zod writes that as a `format` no validator knows.
  const streamId = z.string().regex(new RegExp(`^${AGREEMENT_STREAM_PREFIX}.`));
  const body = convert(envelope(type, schemaVersion, data, streamId), "output", "open");
  return {
    ...document(
      eventSchemaPath(type),
      `${type} (schema version ${schemaVersion})`,
      `The ${type} event on an agreement's stream (agreement-{agreementId}), recorded by the ${eventCommands[type]} command.`,
      body,
    ),
    "x-personal-fields": personalFields(data),
  };
}

/** The JSON Schema of the `PersonErased` event on the `iop-personal-data` stream. */
export function personErasedJsonSchema(): JsonSchema {
  const streamId = z.literal(PERSONAL_DATA_STREAM);
  const body = convert(envelope(PERSON_ERASED, 1, personErasedData, streamId), "output", "open");
  return {
    ...document(
      eventSchemaPath(PERSON_ERASED),
      `${PERSON_ERASED} (schema version 1)`,
      `An erasure of a person's personal data, on the ${PERSONAL_DATA_STREAM} stream. It holds no personal data.`,
      body,
    ),
    "x-personal-fields": [],
  };
}

/**
 * The JSON Schema of a command as `AgreementCommandHandler.handle` takes it: `type` and the data
 * of the event it records, as a caller writes it (defaults may be left out; unknown fields are
 * refused).
 */
export function commandJsonSchema(type: CommandType): JsonSchema {
  const event = commandEvents[type];
  const body = convert(
    z.object({ type: z.literal(type), data: eventCatalog[event].data }),
    "input",
    "closed",
  );
  return document(
    commandSchemaPath(type),
    type,
    `The ${type} command: accepted, it records a ${event} event.`,
    body,
  );
}
