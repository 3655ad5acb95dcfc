import { z } from "zod";
import { InvalidCommandError } from "./errors/index.js";
import { notPlainJson, zodIssues } from "./parse-command.js";
import { calendarDate } from "./schemas/calendar-date.js";
import { nonEmptyText } from "./schemas/parties.js";
import { sourceDocument } from "./schemas/source-document.js";

/**
 * Who issued a command, why, and from which document: it goes into every event's metadata, so
 * it is validated as strictly as the command itself (unknown keys refused).
 */
export const commandContext = z.strictObject({
  /** A command id already applied to this agreement appends nothing again. */
  commandId: nonEmptyText.optional(),
  /** Who issued the command (a user or system id; never contact details). */
  actor: nonEmptyText.optional(),
  correlationId: nonEmptyText.optional(),
  causationId: nonEmptyText.optional(),
  /** The business date the events take effect, when it differs from the recording. */
  effectiveDate: calendarDate.optional(),
  sourceDocument: sourceDocument.optional(),
});

/** The context of a command: who, why, from which document. */
export type CommandContext = z.infer<typeof commandContext>;

/**
 * Validates an untrusted command context, or returns an {@link InvalidCommandError} naming every
 * bad field under `context` (e.g. `context.effectiveDate`).
 */
export function parseCommandContext(context: unknown): CommandContext | InvalidCommandError {
  const unsafe = notPlainJson(context, "context");
  if (unsafe !== undefined) return unsafe;
  const parsed = commandContext.safeParse(context);
  return parsed.success ? parsed.data : new InvalidCommandError(zodIssues(parsed.error, "context"));
}
