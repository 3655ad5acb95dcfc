import type { z } from "zod";
import type { EventType, eventCatalog } from "./events/catalog.js";

/**
 * Each command and the event it records when `decide` accepts it. A command carries the
 * same data as its event, so every field is described once, by the event schema.
 */
export const commandEvents = {
  Apply: "Applied",
  Withdraw: "Withdrawn",
  Grant: "Granted",
  Reject: "Rejected",
  Sign: "Signed",
  ReportPeriod: "PeriodReported",
  Evaluate: "Evaluated",
  Renegotiate: "Renegotiated",
  DeclineRenewal: "RenewalDeclined",
  Extend: "Extended",
  Amend: "Amended",
  Terminate: "Terminated",
  SucceedPublicParty: "PublicPartySucceeded",
} as const satisfies Record<string, EventType>;

type CommandEvents = typeof commandEvents;

/** The name of a command. */
export type CommandType = keyof CommandEvents;

/** A command as a caller writes it: defaults of the event schema may be left out. */
export type Command = {
  [K in CommandType]: { type: K; data: z.input<(typeof eventCatalog)[CommandEvents[K]]["data"]> };
}[CommandType];

/** The command of type `K`. */
export type CommandOf<K extends CommandType> = Extract<Command, { type: K }>;

/** All command names. */
export const commandTypes = Object.keys(commandEvents) as CommandType[];

/** True when `type` names a command. */
export function isCommandType(type: unknown): type is CommandType {
  return typeof type === "string" && Object.hasOwn(commandEvents, type);
}

/** The command that records each event type: the inverse of {@link commandEvents}. */
export const eventCommands = Object.fromEntries(
  Object.entries(commandEvents).map(([command, event]) => [event, command]),
) as { readonly [E in EventType]: CommandType };
