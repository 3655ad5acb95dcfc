import type { z } from "zod";
import { type EventType, eventCatalog } from "../events/catalog.js";

/** What a personal field holds, as its schema marks it: `.meta({ personal: "name" })`. */
export type PersonalKind = string;

/**
 * One personal field of an event type: where it is in the data (`decision.signatories[].name`,
 * `[]` for every item of an array), what it holds, and that the person it belongs to is named by
 * the `personId` beside it.
 */
export interface PersonalField {
  readonly path: string;
  readonly kind: PersonalKind;
}

interface ZodDef {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly options?: readonly z.ZodType[];
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/** The personal fields a schema marks, by walking it. */
export function personalFields(schema: z.ZodType, path = ""): PersonalField[] {
  const kind = (schema.meta?.() as { personal?: unknown } | undefined)?.personal;
  if (typeof kind === "string") return [{ path, kind }];
  const def = (schema as unknown as { _zod: { def: ZodDef } })._zod.def;
  if (def.type === "object" && def.shape !== undefined)
    return Object.entries(def.shape).flatMap(([key, field]) =>
      personalFields(field, path === "" ? key : `${path}.${key}`),
    );
  if (def.type === "array" && def.element !== undefined) return personalFields(def.element, `${path}[]`);
  if (WRAPPERS.has(def.type) && def.innerType !== undefined) return personalFields(def.innerType, path);
  if (def.type === "pipe" && def.in !== undefined) return personalFields(def.in, path);
  if (def.type === "union" && def.options !== undefined) {
    const seen = new Map<string, PersonalField>();
    for (const option of def.options)
      for (const field of personalFields(option, path)) seen.set(field.path, field);
    return [...seen.values()];
  }
  return [];
}

let byType: Readonly<Record<EventType, readonly PersonalField[]>> | undefined;

/** Every event type's personal fields, from the catalog's schemas: what the event catalog lists. */
export function personalFieldsByEventType(): Readonly<Record<EventType, readonly PersonalField[]>> {
  byType ??= Object.fromEntries(
    Object.entries(eventCatalog).map(([type, entry]) => [type, personalFields(entry.data)]),
  ) as unknown as Record<EventType, readonly PersonalField[]>;
  return byType;
}
