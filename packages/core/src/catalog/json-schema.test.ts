import { readFileSync } from "node:fs";
import { FROZEN_EXPORT_V1, husbyHistory, rinkebyKista2022 } from "@iop/fixtures";
import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandTypes } from "../commands.js";
import { eventCatalog, eventTypes, isEventType } from "../events/catalog.js";
import { eventHash, GENESIS_HASH } from "../integrity/event-hash.js";
import { personalFields } from "../personal/personal-fields.js";
import { isCalendarDate } from "../schemas/calendar-date.js";
import {
  CATALOG_BASE_URI,
  commandJsonSchema,
  eventJsonSchema,
  eventSchemaPath,
  type JsonSchema,
  PERSONAL_KEYWORD,
  personErasedJsonSchema,
} from "./json-schema.js";

// A validator for the keywords the catalog uses, so the real events can be checked against the
// generated schemas without a JSON Schema library. An unknown keyword fails the test rather than
// being skipped, so a schema cannot pass by using a keyword this subset ignores.
const ANNOTATIONS = new Set([
  "$schema",
  "$id",
  "title",
  "description",
  "default",
  "format",
  PERSONAL_KEYWORD,
]);
const ANNOTATIONS_TOP = new Set(["x-personal-fields"]);

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function validate(schema: JsonSchema, value: unknown, at = "", top = true): string[] {
  const errors: string[] = [];
  const fail = (message: string) => errors.push(`${at || "(root)"} ${message}`);
  const obj = value as Record<string, unknown>;
  for (const [keyword, arg] of Object.entries(schema)) {
    const a = arg as never;
    switch (keyword) {
      case "type": {
        const actual = typeOf(value);
        if (actual !== arg && !(arg === "number" && actual === "integer")) fail(`is ${actual}, not ${arg}`);
        break;
      }
      case "const":
        if (value !== arg) fail(`is not ${JSON.stringify(arg)}`);
        break;
      case "enum":
        if (!(arg as unknown[]).includes(value)) fail(`is not one of ${JSON.stringify(arg)}`);
        break;
      case "pattern":
        if (typeof value === "string" && !new RegExp(a, "u").test(value)) fail(`does not match ${arg}`);
        break;
      case "minLength":
        if (typeof value === "string" && [...value].length < a) fail(`is shorter than ${arg}`);
        break;
      case "maxLength":
        if (typeof value === "string" && [...value].length > a) fail(`is longer than ${arg}`);
        break;
      case "minItems":
        if (Array.isArray(value) && value.length < a) fail(`has fewer than ${arg} items`);
        break;
      case "minimum":
        if (typeof value === "number" && value < a) fail(`is below ${arg}`);
        break;
      case "exclusiveMinimum":
        if (typeof value === "number" && value <= a) fail(`is not above ${arg}`);
        break;
      case "maximum":
        if (typeof value === "number" && value > a) fail(`is above ${arg}`);
        break;
      case "required":
        if (typeOf(value) === "object")
          for (const key of arg as string[]) if (!Object.hasOwn(obj, key)) fail(`lacks ${key}`);
        break;
      case "properties":
        if (typeOf(value) === "object")
          for (const [key, sub] of Object.entries(arg as Record<string, JsonSchema>))
            if (Object.hasOwn(obj, key)) errors.push(...validate(sub, obj[key], `${at}/${key}`, false));
        break;
      case "additionalProperties":
        if (typeOf(value) === "object") {
          const known = Object.keys((schema.properties ?? {}) as object);
          for (const key of Object.keys(obj).filter((k) => !known.includes(k)))
            if (arg === false) fail(`has unknown field ${key}`);
            else errors.push(...validate(arg as JsonSchema, obj[key], `${at}/${key}`, false));
        }
        break;
      case "propertyNames":
        if (typeOf(value) === "object")
          for (const key of Object.keys(obj)) errors.push(...validate(a, key, `${at}/${key}(name)`, false));
        break;
      case "items":
        if (Array.isArray(value))
          value.forEach((item, i) => {
            errors.push(...validate(a, item, `${at}/${i}`, false));
          });
        break;
      case "oneOf": {
        const matching = (arg as JsonSchema[]).filter((sub) => validate(sub, value, at, false).length === 0);
        if (matching.length !== 1) fail(`matches ${matching.length} of the oneOf schemas, not 1`);
        break;
      }
      default:
        if (!ANNOTATIONS.has(keyword) && !(top && ANNOTATIONS_TOP.has(keyword)))
          throw new Error(`the test validator does not know the keyword ${keyword} (at ${at || "(root)"})`);
    }
  }
  return errors;
}

/** The JSON Schema at a data path of `personalFields` form (`decision.signatories[].name`). */
function schemaAt(schema: JsonSchema, path: string): JsonSchema | undefined {
  let here: JsonSchema | undefined = schema;
  for (const part of path.split(".")) {
    const [key, ...arrays] = part.split("[]");
    here = (here?.properties as Record<string, JsonSchema> | undefined)?.[key as string];
    for (let i = 1; i < arrays.length + 1; i++) here = here?.items as JsonSchema | undefined;
  }
  return here;
}

/** Every path under `schema` whose schema carries `keyword`, in `personalFields` form. */
function pathsWith(schema: JsonSchema, keyword: string, path = ""): string[] {
  const found = keyword in schema ? [path] : [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [key, sub] of Object.entries(properties))
    found.push(...pathsWith(sub, keyword, path === "" ? key : `${path}.${key}`));
  if (schema.items !== undefined) found.push(...pathsWith(schema.items as JsonSchema, keyword, `${path}[]`));
  for (const sub of (schema.oneOf ?? []) as JsonSchema[]) found.push(...pathsWith(sub, keyword, path));
  return [...new Set(found)];
}

const frozen = readFileSync(FROZEN_EXPORT_V1, "utf8")
  .split("\n")
  .filter((line) => line.startsWith('{"eventId"'))
  .map((line) => JSON.parse(line) as { type: string; streamId: string; data: Record<string, unknown> });

const dataSchema = (type: (typeof eventTypes)[number]) =>
  (eventJsonSchema(type).properties as Record<string, JsonSchema>).data as JsonSchema;

describe("the event catalog's JSON Schemas", () => {
  it("name every event and command by a distinct $id under the catalog's base", () => {
    const ids = [
      ...eventTypes.map((t) => eventJsonSchema(t).$id),
      personErasedJsonSchema().$id,
      ...commandTypes.map((t) => commandJsonSchema(t).$id),
    ];
    expect(new Set(ids).size).toBe(eventTypes.length + 1 + commandTypes.length);
    expect(eventJsonSchema("Granted").$id).toBe(`${CATALOG_BASE_URI}${eventSchemaPath("Granted")}`);
    for (const id of ids) expect(String(id).startsWith(CATALOG_BASE_URI)).toBe(true);
    expect(eventJsonSchema("Granted").$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("fix the type and schema version of each event and command", () => {
    for (const type of eventTypes) {
      const properties = eventJsonSchema(type).properties as Record<string, JsonSchema>;
      expect(properties.type).toMatchObject({ const: type });
      expect(properties.schemaVersion).toMatchObject({ const: eventCatalog[type].schemaVersion });
    }
    expect((commandJsonSchema("Grant").properties as Record<string, JsonSchema>).type).toMatchObject({
      const: "Grant",
    });
  });

  it("keep a calendar date's format and a pattern that agrees with isCalendarDate", () => {
    const receivedOn = schemaAt(dataSchema("Applied"), "receivedOn") as JsonSchema;
    expect(receivedOn).toMatchObject({ type: "string", format: "date" });
    const pattern = new RegExp(receivedOn.pattern as string, "u");
    for (const day of ["2024-02-29", "2000-02-29", "0000-02-29", "2022-12-31", "9999-12-31"])
      expect(pattern.test(day), day).toBe(true);
    for (const day of [
      "2022-02-30",
      "1900-02-29",
      "2022-13-01",
      "2022-04-31",
      "2022-1-01",
      "2022-01-01T00:00:00Z",
    ])
      expect(pattern.test(day), day).toBe(false);
    const digits = (n: number, max: number) =>
      fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, "0"));
    fc.assert(
      fc.property(digits(4, 9999), digits(2, 19), digits(2, 39), (y, m, d) => {
        const day = `${y}-${m}-${d}`;
        expect(pattern.test(day), day).toBe(isCalendarDate(day));
      }),
      { numRuns: propertyRuns(2000) },
    );
    // Dates nested in shared schemas (decisions, periods) carry it too.
    expect(schemaAt(dataSchema("Granted"), "period.end")).toMatchObject({ format: "date" });
    expect(schemaAt(dataSchema("Granted"), "decision.date")).toMatchObject({ pattern: receivedOn.pattern });
  });

  it(`mark exactly the personal fields personalFields finds, with ${PERSONAL_KEYWORD}`, () => {
    for (const type of eventTypes) {
      const expected = personalFields(eventCatalog[type].data);
      expect(pathsWith(dataSchema(type), PERSONAL_KEYWORD).sort(), type).toEqual(
        expected.map((f) => f.path).sort(),
      );
      for (const field of expected)
        expect(schemaAt(dataSchema(type), field.path)?.[PERSONAL_KEYWORD]).toBe(field.kind);
      expect(eventJsonSchema(type)["x-personal-fields"]).toEqual(expected);
    }
    expect(pathsWith(dataSchema("Granted"), PERSONAL_KEYWORD)).toContain("decision.signatories[].name");
    // zod's own key for the mark is not left behind as an unknown keyword.
    expect(JSON.stringify(eventJsonSchema("Granted"))).not.toContain('"personal"');
  });

  it("accept every event of the frozen Husby and Rinkeby-Kista export", () => {
    expect(frozen.length).toBeGreaterThan(30);
    for (const event of frozen) {
      if (!isEventType(event.type)) throw new Error(`unexpected type ${event.type}`);
      expect(validate(eventJsonSchema(event.type), event), `${event.streamId} ${event.type}`).toEqual([]);
    }
    expect(new Set(frozen.map((e) => e.type)).size).toBeGreaterThan(5);
  });

  it("refuse an impossible date, a missing field and a wrong type in a real event", () => {
    const granted = frozen.find((e) => e.type === "Granted");
    if (granted === undefined) throw new Error("the frozen export has no Granted event");
    const schema = eventJsonSchema("Granted");
    const period = granted.data.period as Record<string, unknown>;
    const badDate = { ...granted, data: { ...granted.data, period: { ...period, end: "2022-02-30" } } };
    expect(validate(schema, badDate)).toEqual([expect.stringMatching(/^\/data\/period\/end does not match/)]);
    const { grantedKronor: _, ...withoutAmount } = granted.data;
    expect(validate(schema, { ...granted, data: withoutAmount })).toEqual(["/data lacks grantedKronor"]);
    expect(validate(schema, { ...granted, type: "Rejected" })).toEqual(['/type is not "Granted"']);
    expect(validate(schema, { ...granted, hash: "ABC" })).toEqual([
      expect.stringMatching(/^\/hash does not match/),
    ]);
  });

  it("accept a PersonErased event and no agreement stream for it", () => {
    const envelope = {
      eventId: "0192f0c4-0000-7000-8000-000000000001",
      streamId: "iop-personal-data",
      streamVersion: 1,
      globalPosition: 40,
      type: "PersonErased",
      schemaVersion: 1,
      data: {
        personId: "hr-4711",
        requestedBy: "the person",
        performedBy: "registrator",
        legalBasis: { kind: "gallringsbeslut", reference: "SSA 2024-12" },
      },
      metadata: {},
      recordedAt: "2025-01-10T09:00:00.000Z",
      previousHash: GENESIS_HASH,
    };
    const event = { ...envelope, hash: eventHash(envelope as never, GENESIS_HASH) };
    expect(validate(personErasedJsonSchema(), event)).toEqual([]);
    expect(validate(personErasedJsonSchema(), { ...event, streamId: "agreement-x" })).toHaveLength(1);
  });

  it("accept every scripted command of the real cases and refuse an unknown field", () => {
    for (const { command } of [...husbyHistory, ...rinkebyKista2022])
      expect(validate(commandJsonSchema(command.type), command), command.type).toEqual([]);
    const apply = husbyHistory.find((s) => s.command.type === "Apply")?.command;
    if (apply === undefined) throw new Error("the Husby history has no Apply");
    expect(
      validate(commandJsonSchema("Apply"), { ...apply, data: { ...apply.data, recievedOn: "x" } }),
    ).toEqual(["/data has unknown field recievedOn"]);
  });
});
