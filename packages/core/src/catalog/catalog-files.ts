import { commandEvents, commandTypes } from "../commands.js";
import { eventCatalog, eventTypes } from "../events/catalog.js";
import { PERSONAL_DATA_STREAM } from "../personal/personal-data-store.js";
import { personalFields } from "../personal/personal-fields.js";
import { asyncApiDocument } from "./asyncapi.js";
import {
  CATALOG_BASE_URI,
  commandJsonSchema,
  commandSchemaPath,
  eventJsonSchema,
  eventSchemaPath,
  PERSON_ERASED,
  personErasedJsonSchema,
} from "./json-schema.js";

/** The catalog's index: every event and command with the path of its schema. */
function index(version: string) {
  return {
    $id: `${CATALOG_BASE_URI}index.json`,
    version,
    asyncapiDocument: "asyncapi.json",
    events: [
      ...eventTypes.map((type) => ({
        type,
        schemaVersion: eventCatalog[type].schemaVersion,
        stream: "agreement-{agreementId}",
        schema: eventSchemaPath(type),
        personalFields: personalFields(eventCatalog[type].data),
      })),
      {
        type: PERSON_ERASED,
        schemaVersion: 1,
        stream: PERSONAL_DATA_STREAM,
        schema: eventSchemaPath(PERSON_ERASED),
        personalFields: [],
      },
    ],
    commands: commandTypes.map((type) => ({
      type,
      records: commandEvents[type],
      schema: commandSchemaPath(type),
    })),
  };
}

/**
 * Every file of the event catalog, by its path in the catalog folder, as JSON values: the
 * event and command JSON Schemas, the AsyncAPI document and the index. `pnpm event-catalog` writes
 * them; a test compares them with the checked-in files.
 * @param version `@iop/core`'s package version, which the index and AsyncAPI document carry.
 */
export function catalogFiles(version: string): Map<string, unknown> {
  const files = new Map<string, unknown>();
  for (const type of eventTypes) files.set(eventSchemaPath(type), eventJsonSchema(type));
  files.set(eventSchemaPath(PERSON_ERASED), personErasedJsonSchema());
  for (const type of commandTypes) files.set(commandSchemaPath(type), commandJsonSchema(type));
  files.set("asyncapi.json", asyncApiDocument(version));
  files.set("index.json", index(version));
  return files;
}
