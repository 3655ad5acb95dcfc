import type { z } from "zod";
import { commandEvents, isCommandType } from "./commands.js";
import { type InputIssue, InvalidCommandError } from "./errors.js";
import { type DomainEvent, eventCatalog } from "./events/catalog.js";

/** Turns zod issues into field-named input issues, prefixing each path with `prefix`. */
export function zodIssues(error: z.ZodError, prefix: string): InputIssue[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter((p) => p !== "").join("."),
    message: issue.message,
  }));
}

/**
 * Validates an untrusted command and returns the event it would record, with schema
 * defaults filled in, or an {@link InvalidCommandError} naming every bad field.
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
  return { type: eventType, data: parsed.data } as DomainEvent;
}
