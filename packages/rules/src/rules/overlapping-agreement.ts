import { normaliseOrganisationNumber, type Period, periodsOverlap } from "@iop/core";
import { z } from "zod";
import { type AgreementSummary, defineRule, type RuleInput } from "../rule.js";
import { normaliseText } from "../text.js";
import { violation } from "../violation.js";

/** Code of {@link overlappingAgreementRule}. */
export const OVERLAPPING_AGREEMENT = "OVERLAPPING_AGREEMENT";

/** What makes two agreements "the same activity": the same partnership, purpose or activity. */
export type SameActivityCriterion = "partnership" | "purpose" | "activity";

/** Parameters of {@link overlappingAgreementRule}. */
export interface OverlappingAgreementParams {
  /** Any of these makes two agreements the same activity (default: all three). */
  readonly sameActivityWhen: readonly SameActivityCriterion[];
  /** Statuses of other agreements that count as running (default granted, signed, terminated). */
  readonly runningStatuses: readonly AgreementSummary["status"][];
}

/** The period the command gives the agreement, and the field that set it. */
function newPeriod(input: RuleInput): { field: string; period: Period } | undefined {
  const { event, state } = input;
  switch (event.type) {
    case "Granted":
      return { field: "data.period", period: event.data.period };
    case "Extended":
      return state.period === undefined
        ? undefined
        : { field: "data.newEnd", period: { start: state.period.start, end: event.data.newEnd } };
    case "Amended":
      return event.data.changes.period === undefined
        ? undefined
        : { field: "data.changes.period", period: event.data.changes.period };
    default:
      return undefined;
  }
}

/**
 * Two agreements of one authority with one organisation for the same activity should not run
 * at the same time: it is double funding or a missing amendment. On a grant, extension or
 * amended period, the rule compares the new period with the organisation's other running
 * agreements that share a public party and are the same activity (same partnership id, same
 * purpose, or an activity of the same name). One shared day is an overlap.
 *
 * The agreement's own activities come from {@link RuleContext.agreement} (the core state does
 * not keep them); without it, only partnership and purpose are compared.
 */
export const overlappingAgreementRule = defineRule<OverlappingAgreementParams>({
  code: OVERLAPPING_AGREEMENT,
  description: {
    sv: "Ingen annan överenskommelse med samma myndighet, organisation och verksamhet löper samtidigt",
    en: "No other agreement with the same authority, organisation and activity runs at the same time",
  },
  source: "Observed practice: one partnership is a chain of agreements that follow each other",
  defaultSeverity: "warning",
  appliesTo: ["Granted", "Extended", "Amended"],
  usesOtherAgreements: true,
  parameters: {
    schema: z.object({
      sameActivityWhen: z.array(z.enum(["partnership", "purpose", "activity"])),
      runningStatuses: z.array(
        z.enum(["new", "applied", "granted", "rejected", "withdrawn", "signed", "terminated"]),
      ),
    }),
    defaults: {
      sameActivityWhen: ["partnership", "purpose", "activity"],
      runningStatuses: ["granted", "signed", "terminated"],
    },
  },
  check(input, context, params) {
    const changed = newPeriod(input);
    const { state } = input;
    if (changed === undefined || state.organisation === undefined) return [];
    const organisation = normaliseOrganisationNumber(state.organisation.organisationNumber);
    const parties = new Set(state.publicParties.map((p) => normaliseText(p.name)));
    const purpose = state.purpose === undefined ? undefined : normaliseText(state.purpose);
    const activities = new Set((context.agreement?.activities ?? []).map(normaliseText));
    const sameActivity = (other: AgreementSummary): boolean =>
      (params.sameActivityWhen.includes("partnership") &&
        state.partnershipId !== undefined &&
        other.partnershipId === state.partnershipId) ||
      (params.sameActivityWhen.includes("purpose") &&
        purpose !== undefined &&
        other.purpose !== undefined &&
        normaliseText(other.purpose) === purpose) ||
      (params.sameActivityWhen.includes("activity") &&
        other.activities.some((a) => activities.has(normaliseText(a))));
    return context.otherAgreements
      .filter(
        (other) =>
          other.agreementId !== input.agreementId &&
          normaliseOrganisationNumber(other.organisationNumber) === organisation &&
          params.runningStatuses.includes(other.status) &&
          other.period !== undefined &&
          periodsOverlap(other.period, changed.period) &&
          other.publicParties.some((p) => parties.has(normaliseText(p))) &&
          sameActivity(other),
      )
      .map((other) =>
        violation(OVERLAPPING_AGREEMENT, "warning", changed.field, {
          sv: `Perioden ${changed.period.start} – ${changed.period.end} överlappar överenskommelsen ${other.agreementId} (${other.period?.start} – ${other.period?.end}) med samma myndighet, organisation och verksamhet`,
          en: `The period ${changed.period.start} – ${changed.period.end} overlaps agreement ${other.agreementId} (${other.period?.start} – ${other.period?.end}) with the same authority, organisation and activity`,
        }),
      );
  },
});
