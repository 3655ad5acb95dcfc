import { z } from "zod";
import { calendarDate } from "../schemas/calendar-date.js";
import { kronor } from "../schemas/money.js";
import { activity, contribution, nonEmptyText, organisation, publicParty, side } from "../schemas/parties.js";
import { period } from "../schemas/period.js";

const identifier = z
  .string()
  .trim()
  .min(1, { message: "must not be empty" })
  .max(200, { message: "must be at most 200 characters" });

/**
 * `Applied`, schema version 2: an application was received. Several public bodies may
 * join one IOP, hence a list of public parties (version 1 had a single `publicParty`).
 */
export const appliedData = z.object({
  agreementId: identifier,
  /** One partnership (authority + organisation + purpose) is a chain of agreements. */
  partnershipId: identifier,
  /** The agreement this one continues, when the partnership already had one. */
  predecessorAgreementId: identifier.optional(),
  publicParties: z.array(publicParty).min(1, { message: "must name at least one public party" }),
  organisation,
  receivedOn: calendarDate,
  purpose: nonEmptyText,
  goals: z.array(nonEmptyText).default([]),
  targetGroups: z.array(nonEmptyText).default([]),
  activities: z.array(activity).default([]),
  /** The municipality's priority area the application answers, e.g. "Förebyggande stöd och tidiga insatser". */
  priorityArea: z.string().optional(),
  requestedKronor: kronor,
  requestedPeriod: period,
  contributions: z.array(contribution).default([]),
});
/** The data of an `Applied` event (schema version 2). */
export type AppliedData = z.infer<typeof appliedData>;

/** `Applied`, schema version 1, kept so old events can be upcast. */
export const appliedDataV1 = appliedData.omit({ publicParties: true }).extend({ publicParty });
/** The data of an `Applied` event as schema version 1 wrote it. */
export type AppliedDataV1 = z.infer<typeof appliedDataV1>;

/** `Withdrawn`: the application was withdrawn before an agreement was signed. */
export const withdrawnData = z.object({
  withdrawnOn: calendarDate,
  by: side,
  reason: z.string().optional(),
});
/** The data of a `Withdrawn` event. */
export type WithdrawnData = z.infer<typeof withdrawnData>;
