import { AGREEMENT_STREAM_PREFIX } from "../agreement-stream.js";
import { eventCommands } from "../commands.js";
import { eventCatalog, eventTypes } from "../events/catalog.js";
import { PERSONAL_DATA_STREAM } from "../personal/personal-data-store.js";
import { eventSchemaPath, PERSON_ERASED } from "./json-schema.js";

const ref = ($ref: string) => ({ $ref });

function message(type: string, schemaVersion: number, summary: string) {
  return {
    name: type,
    title: `${type} (schema version ${schemaVersion})`,
    summary,
    contentType: "application/json",
    // Relative to this document, which sits at the root of the catalog folder.
    payload: ref(`./${eventSchemaPath(type)}`),
  };
}

/**
 * The AsyncAPI 3.0 document of the event streams: each agreement's stream
 * (`agreement-{agreementId}`) carries the domain events and `iop-personal-data` carries
 * `PersonErased`. Payloads are the stored envelopes, by reference to the catalog's JSON Schemas.
 * @param version the catalog's version: `@iop/core`'s package version.
 */
export function asyncApiDocument(version: string): Record<string, unknown> {
  const agreementMessages = Object.fromEntries(
    eventTypes.map((type) => [type, ref(`#/components/messages/${type}`)]),
  );
  return {
    asyncapi: "3.0.0",
    info: {
      title: "IOP event store: agreement events",
      version,
      description:
        "The events of IOP partnerships (idéburet offentligt partnerskap) as an event store keeps and returns them. Fields marked x-personal hold personal data (see docs/events.md).",
    },
    defaultContentType: "application/json",
    channels: {
      agreement: {
        address: `${AGREEMENT_STREAM_PREFIX}{agreementId}`,
        title: "An agreement's stream",
        description: "Every event of one agreement, in stream-version order.",
        parameters: { agreementId: { description: "The agreement's id, as its Applied event gives it." } },
        messages: agreementMessages,
      },
      personalData: {
        address: PERSONAL_DATA_STREAM,
        title: "The personal-data stream",
        description: "Erasures of personal data, one event per erased person.",
        messages: { [PERSON_ERASED]: ref(`#/components/messages/${PERSON_ERASED}`) },
      },
    },
    operations: {
      readAgreementEvents: {
        action: "receive",
        title: "Read an agreement's events",
        channel: ref("#/channels/agreement"),
        messages: eventTypes.map((type) => ref(`#/channels/agreement/messages/${type}`)),
      },
      readErasures: {
        action: "receive",
        title: "Read the erasures",
        channel: ref("#/channels/personalData"),
        messages: [ref(`#/channels/personalData/messages/${PERSON_ERASED}`)],
      },
    },
    components: {
      messages: {
        ...Object.fromEntries(
          eventTypes.map((type) => [
            type,
            message(
              type,
              eventCatalog[type].schemaVersion,
              `Recorded by the ${eventCommands[type]} command.`,
            ),
          ]),
        ),
        [PERSON_ERASED]: message(PERSON_ERASED, 1, "Recorded by forgetPerson."),
      },
    },
  };
}
