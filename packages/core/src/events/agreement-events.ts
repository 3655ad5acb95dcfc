import { z } from "zod";
import { calendarDate } from "../schemas/calendar-date.js";
import { decision } from "../schemas/decision.js";
import { contribution, nonEmptyText, person, publicParty, side } from "../schemas/parties.js";

/** How the agreement may be extended. Unlimited extension risks being a procurement (LOU). */
export const extensionClause = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("limited"), maxMonths: z.number().int().positive() }),
  z.object({ kind: z.literal("open-ended") }),
]);
/** The extension clause of an agreement: none, limited to some months, or open-ended. */
export type ExtensionClause = z.infer<typeof extensionClause>;

/** The written terms of a signed agreement, as far as the record needs them. */
export const agreementTerms = z.object({
  contributions: z.array(contribution).default([]),
  followUp: z.string().optional(),
  amendment: z.string().optional(),
  renegotiation: z.string().optional(),
  termination: z.string().optional(),
  disputes: z.string().optional(),
  extension: extensionClause.default({ kind: "none" }),
  activityPlan: z
    .object({
      expectedResults: z.array(nonEmptyText).default([]),
      plannedActivities: z.array(nonEmptyText).default([]),
    })
    .optional(),
});
/** The written terms of a signed agreement. */
export type AgreementTerms = z.infer<typeof agreementTerms>;

/** `Signed`: both parties signed the agreement (teckna överenskommelsen). */
export const signedData = z.object({
  signedOn: calendarDate,
  signatories: z.array(person).min(1, { message: "must name at least one signatory" }),
  terms: agreementTerms.default({ contributions: [], extension: { kind: "none" } }),
});
/** The data of a `Signed` event. */
export type SignedData = z.infer<typeof signedData>;

/** `Terminated`: ended early by notice, rescission (hävning) or mutual consent. */
export const terminatedData = z
  .object({
    kind: z.enum(["notice", "rescission", "mutual"]),
    initiatedBy: side,
    decidedOn: calendarDate,
    effectiveOn: calendarDate,
    reason: nonEmptyText,
    decision: decision.optional(),
  })
  .refine((t) => t.decidedOn <= t.effectiveOn, {
    message: "must not be before the termination was decided",
    path: ["effectiveOn"],
  });
/** The data of a `Terminated` event. */
export type TerminatedData = z.infer<typeof terminatedData>;

/**
 * `PublicPartySucceeded`: the public party was succeeded by another body, e.g. when
 * Rinkeby-Kista and Spånga-Tensta merged into Järva on 2023-07-01. The chain goes on.
 */
export const publicPartySucceededData = z
  .object({
    predecessor: publicParty,
    successor: publicParty,
    effectiveOn: calendarDate,
    basis: z.string().optional(),
  })
  .refine((s) => s.predecessor.name !== s.successor.name, {
    message: "must differ from the predecessor",
    path: ["successor", "name"],
  });
/** The data of a `PublicPartySucceeded` event. */
export type PublicPartySucceededData = z.infer<typeof publicPartySucceededData>;
