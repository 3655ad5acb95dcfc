import type { z } from "zod";
import { commandEvents, isCommandType } from "./commands.js";
import { fieldPath, type InputIssue, InvalidCommandError, InvalidStoreInputError } from "./errors/index.js";
import { appliedData } from "./events/application-events.js";
import type { DomainEvent } from "./events/catalog.js";
import { parseEventData } from "./parse-event-data.js";
import { assertExactJson } from "./store/exact-json.js";
import { UNKNOWN_FIELD, unknownFields } from "./unknown-fields.js";

/**
 * Turns zod issues into field-named input issues, prefixing each path with `prefix`. Unknown keys
 * of a strict object become one issue per key, named by its own path.
 */
export function zodIssues(error: z.ZodError, prefix: string): InputIssue[] {
  return error.issues.flatMap((issue) => {
    const field = fieldPath(prefix, ...issue.path.map(String));
    return issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ field: fieldPath(field, key), message: UNKNOWN_FIELD }))
      : [{ field, message: issue.message }];
  });
}

/**
 * Validates an untrusted command and returns the event it would record, with schema
 * defaults filled in, or an {@link InvalidCommandError} naming every bad field. A field the
 * schema does not know is refused too (once the known ones are valid), so a misspelt
 * `decision.caseNumbr` is not dropped unnoticed.
 */
export function parseCommand(command: unknown): DomainEvent | InvalidCommandError {
  if (typeof command !== "object" || command === null)
    return new InvalidCommandError([{ field: "", message: "must be an object with a type and data" }]);
  const unsafe = notPlainJson(command, "");
  if (unsafe !== undefined) return unsafe;
  const { type, data } = command as { type?: unknown; data?: unknown };
  if (!isCommandType(type))
    return new InvalidCommandError([
      {
        field: "type",
        message: `must be one of ${Object.keys(commandEvents).join(", ")} (got ${JSON.stringify(type)})`,
      },
    ]);
  const eventType = commandEvents[type];
  const parsed = parseEventData(eventType, data, false);
  if (!parsed.success) return new InvalidCommandError(zodIssues(parsed.error, "data"));
  const unknown = unknownFields(command, { type, data: parsed.data }, "");
  if (unknown.length > 0) return new InvalidCommandError(unknown);
  return { type: eventType, data: parsed.data } as DomainEvent;
}

/**
 * An {@link InvalidCommandError} when `value` is not plain JSON that a store could keep exactly
 * (accessors, proxies, cyclic or BigInt values, nesting past `MAX_JSON_DEPTH`…), else `undefined`.
 * Checked before any schema reads the input, so no hostile value can make parsing throw.
 */
export function notPlainJson(value: unknown, path: string): InvalidCommandError | undefined {
  try {
    assertExactJson(value, path);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidStoreInputError)
      // Command fields are dotted throughout (`data.points.1`), as zod's issues name them.
      return new InvalidCommandError([
        { field: error.field.replace(/\[(\d+)\]/g, ".$1"), message: error.reason },
      ]);
    return new InvalidCommandError([{ field: path, message: "could not be read" }]);
  }
}

/**
 * Validates the agreement id a command is handled on: text as an application's
 * `data.agreementId` must be (1–200 characters), exactly as that field records it (without the
 * blanks its schema trims away), so no other id can reach an agreement's stream. Returns the id,
 * or an {@link InvalidCommandError} on field `agreementId`.
 */
export function parseAgreementId(agreementId: unknown): string | InvalidCommandError {
  // Checked before any schema sees it: a proxy or symbol must not reach code that reads it.
  if (typeof agreementId !== "string")
    return new InvalidCommandError([
      { field: "agreementId", message: `must be a string (got ${typeof agreementId})` },
    ]);
  const parsed = appliedData.shape.agreementId.safeParse(agreementId);
  if (!parsed.success) return new InvalidCommandError(zodIssues(parsed.error, "agreementId"));
  if (parsed.data !== agreementId)
    return new InvalidCommandError([{ field: "agreementId", message: "must not begin or end with blanks" }]);
  return agreementId;
}
