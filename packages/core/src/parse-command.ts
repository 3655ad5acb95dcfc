import type { z } from "zod";
import { commandEvents, isCommandType } from "./commands.js";
import { fieldPath, type InputIssue, InvalidCommandError } from "./errors.js";
import { type DomainEvent, eventCatalog } from "./events/catalog.js";
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
  const { type, data } = command as { type?: unknown; data?: unknown };
  if (!isCommandType(type))
    return new InvalidCommandError([
      {
        field: "type",
        message: `must be one of ${Object.keys(commandEvents).join(", ")} (got ${JSON.stringify(type)})`,
      },
    ]);
  const eventType = commandEvents[type];
  const parsed = eventCatalog[eventType].data.safeParse(data);
  if (!parsed.success) return new InvalidCommandError(zodIssues(parsed.error, "data"));
  const unknown = unknownFields(command, { type, data: parsed.data }, "");
  if (unknown.length > 0) return new InvalidCommandError(unknown);
  return { type: eventType, data: parsed.data } as DomainEvent;
}
