import { z } from "zod";
import { calendarDate } from "../schemas/calendar-date.js";
import { decision } from "../schemas/decision.js";
import { kronor } from "../schemas/money.js";
import { contribution, nonEmptyText } from "../schemas/parties.js";
import { period } from "../schemas/period.js";

/**
 * `Granted`: the board decided to fund the partnership. The period may start before the
 * decision (a retroactive grant, as for Husby 2022) and the amount may exceed the request.
 */
export const grantedData = z.object({
  decision,
  grantedKronor: kronor,
  period,
  conditions: z.array(nonEmptyText).default([]),
});
/** The data of a `Granted` event. */
export type GrantedData = z.infer<typeof grantedData>;

/** `Rejected`: the board decided not to fund the application. */
export const rejectedData = z.object({
  decision,
  reason: nonEmptyText,
});
/** The data of a `Rejected` event. */
export type RejectedData = z.infer<typeof rejectedData>;

/** `Extended`: the agreement period was extended by a decision, e.g. to year end. */
export const extendedData = z.object({
  decision,
  newEnd: calendarDate,
  additionalKronor: kronor.optional(),
});
/** The data of an `Extended` event. */
export type ExtendedData = z.infer<typeof extendedData>;

/** `Amended`: the terms were changed by a new decision. Only the changed terms are given. */
export const amendedData = z.object({
  decision,
  changes: z
    .object({
      grantedKronor: kronor.optional(),
      period: period.optional(),
      purpose: nonEmptyText.optional(),
      goals: z.array(nonEmptyText).optional(),
      contributions: z.array(contribution).optional(),
    })
    .refine((c) => Object.values(c).some((v) => v !== undefined), {
      message: "must change at least one term",
    }),
  reason: z.string().optional(),
});
/** The data of an `Amended` event. */
export type AmendedData = z.infer<typeof amendedData>;

/** `Renegotiated`: the board commissioned a renegotiation; the successor, if known, is named. */
export const renegotiatedData = z.object({
  decision,
  successorAgreementId: z.string().min(1).optional(),
  reason: z.string().optional(),
});
/** The data of a `Renegotiated` event. */
export type RenegotiatedData = z.infer<typeof renegotiatedData>;

/** `RenewalDeclined`: the board decided not to renew the agreement when it ends. */
export const renewalDeclinedData = z.object({
  decision,
  reason: nonEmptyText,
});
/** The data of a `RenewalDeclined` event. */
export type RenewalDeclinedData = z.infer<typeof renewalDeclinedData>;
