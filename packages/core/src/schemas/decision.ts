import { z } from "zod";
import { calendarDate } from "./calendar-date.js";
import { nonEmptyText, person } from "./parties.js";

/** One numbered point of a board decision ("1. approves funding of 324 000 kr …"). */
export const decisionPoint = z.object({
  number: z.number().int().positive(),
  text: nonEmptyText,
});
/** One numbered point of a board decision. */
export type DecisionPoint = z.infer<typeof decisionPoint>;

/**
 * A decision by a public body: who decided, when, under which case number, what was decided
 * point by point, who signed it and which case officer prepared it.
 */
export const decision = z.object({
  /** The deciding body, e.g. "Rinkeby-Kista stadsdelsnämnd". */
  body: nonEmptyText,
  date: calendarDate,
  /** Diarienummer: opaque, since every issuer has its own format. */
  caseNumber: z.string().optional(),
  points: z.array(decisionPoint).default([]),
  signatories: z.array(person).default([]),
  caseOfficer: person.optional(),
});
/** A decision by a public body, as recorded (defaults filled in). */
export type Decision = z.infer<typeof decision>;
/** A decision as a caller writes it: defaults may be left out. */
export type DecisionInput = z.input<typeof decision>;
