import {
  type AgreementStatus,
  addCalendarDays,
  type CalendarDate,
  minDate,
  type Period,
  periodContains,
} from "@iop/core";
import { type CheckedClocks, counts } from "../clocks.js";
import type { Fact, PartyRef } from "./facts.js";

/** The dates of an agreement's application and decisions, as far as they count on the clocks. */
export type AgreementDates = {
  readonly receivedOn: CalendarDate;
  readonly grantedOn: CalendarDate | null;
  readonly rejectedOn: CalendarDate | null;
  readonly withdrawnOn: CalendarDate | null;
  readonly signedOn: CalendarDate | null;
  readonly extendedOn: readonly CalendarDate[];
  readonly amendedOn: readonly CalendarDate[];
  readonly reportedOn: readonly CalendarDate[];
  readonly evaluatedOn: readonly CalendarDate[];
  readonly renegotiatedOn: CalendarDate | null;
  readonly renewalDeclinedOn: CalendarDate | null;
  readonly terminatedOn: CalendarDate | null;
};

/** A succession of the public party on an agreement. */
export type Succession = { readonly from: string; readonly to: string; readonly effectiveOn: CalendarDate };

/** One agreement as the facts that count on the clocks make it. */
export type AgreementView = {
  readonly agreementId: string;
  readonly partnershipId: string;
  readonly predecessorAgreementId: string | null;
  readonly organisation: PartyRef;
  /** The public parties at application. */
  readonly appliedWith: readonly PartyRef[];
  /** The public parties after the successions that count. */
  readonly publicParties: readonly PartyRef[];
  readonly purpose: string;
  readonly priorityArea: string | null;
  readonly requestedKronor: number;
  readonly requestedPeriod: Period;
  readonly status: AgreementStatus;
  /** The body that granted the agreement. */
  readonly grantedBy: string | null;
  /** Granted, plus extensions, as amended. */
  readonly grantedKronor: number | null;
  /** The agreement period as granted, extended and amended. */
  readonly period: Period | null;
  /** The last day the agreement runs: the period's end, or a termination's effective day if earlier. */
  readonly runsUntil: CalendarDate | null;
  readonly dates: AgreementDates;
  readonly successions: readonly Succession[];
  readonly reports: readonly { readonly period: Period; readonly reportedOn: CalendarDate }[];
};

/**
 * Folds an agreement's facts that count on both clocks (business date ≤ `asOf`, recorded ≤
 * `knownAt`) into a view; `undefined` when its application does not count yet. `upTo` folds only
 * the first `upTo` facts (the audit trail's "state before").
 */
export function viewOf(
  agreementId: string,
  facts: readonly Fact[],
  clocks: CheckedClocks,
  upTo = facts.length,
): AgreementView | undefined {
  let view: Mutable<AgreementView> | undefined;
  let terminationEffectiveOn: CalendarDate | null = null;
  for (let i = 0; i < upTo; i++) {
    const fact = facts[i];
    if (fact === undefined || !counts(fact, clocks)) continue;
    if (fact.type === "Applied") {
      view ??= {
        agreementId,
        partnershipId: fact.partnershipId,
        predecessorAgreementId: fact.predecessorAgreementId,
        organisation: fact.organisation,
        appliedWith: fact.publicParties,
        publicParties: fact.publicParties,
        purpose: fact.purpose,
        priorityArea: fact.priorityArea,
        requestedKronor: fact.requestedKronor,
        requestedPeriod: fact.requestedPeriod,
        status: "applied",
        grantedBy: null,
        grantedKronor: null,
        period: null,
        runsUntil: null,
        dates: {
          receivedOn: fact.on,
          grantedOn: null,
          rejectedOn: null,
          withdrawnOn: null,
          signedOn: null,
          extendedOn: [],
          amendedOn: [],
          reportedOn: [],
          evaluatedOn: [],
          renegotiatedOn: null,
          renewalDeclinedOn: null,
          terminatedOn: null,
        },
        successions: [],
        reports: [],
      };
      continue;
    }
    if (view === undefined) continue;
    const v = view;
    const dates = v.dates as Mutable<AgreementDates>;
    switch (fact.type) {
      case "Withdrawn":
        v.status = "withdrawn";
        dates.withdrawnOn = fact.on;
        break;
      case "Granted":
        v.status = "granted";
        v.grantedBy = fact.decision.body;
        v.grantedKronor = fact.kronor;
        v.period = fact.period;
        dates.grantedOn = fact.on;
        break;
      case "Rejected":
        v.status = "rejected";
        dates.rejectedOn = fact.on;
        break;
      case "Signed":
        v.status = "signed";
        dates.signedOn = fact.on;
        break;
      case "PeriodReported":
        v.reports = [...v.reports, { period: fact.period, reportedOn: fact.on }];
        dates.reportedOn = [...dates.reportedOn, fact.on];
        break;
      case "Evaluated":
        dates.evaluatedOn = [...dates.evaluatedOn, fact.on];
        break;
      case "Renegotiated":
        dates.renegotiatedOn = fact.on;
        break;
      case "RenewalDeclined":
        dates.renewalDeclinedOn = fact.on;
        break;
      case "Extended":
        if (v.period !== null) v.period = { start: v.period.start, end: fact.newEnd };
        if (fact.additionalKronor !== null) v.grantedKronor = (v.grantedKronor ?? 0) + fact.additionalKronor;
        dates.extendedOn = [...dates.extendedOn, fact.on];
        break;
      case "Amended":
        if (fact.period !== null) v.period = fact.period;
        if (fact.kronor !== null) v.grantedKronor = fact.kronor;
        if (fact.purpose !== null) v.purpose = fact.purpose;
        dates.amendedOn = [...dates.amendedOn, fact.on];
        break;
      case "Terminated":
        v.status = "terminated";
        dates.terminatedOn = fact.on;
        terminationEffectiveOn = fact.effectiveOn;
        break;
      case "PublicPartySucceeded":
        v.publicParties = v.publicParties.map((p) => (p.name === fact.from ? fact.to : p));
        v.successions = [...v.successions, { from: fact.from, to: fact.to.name, effectiveOn: fact.on }];
        break;
    }
  }
  if (view === undefined) return undefined;
  view.runsUntil =
    view.period === null
      ? null
      : terminationEffectiveOn === null
        ? view.period.end
        : minDate(view.period.end, terminationEffectiveOn);
  return view;
}

/**
 * True when the agreement is in force on `date`: granted (by a decision that counts), not
 * rejected or withdrawn, and `date` inside its period up to the day it runs until. Signing is not
 * required: the board's decision commits the funds and signatures often trail it by days.
 */
export function inForceOn(view: AgreementView, date: CalendarDate): boolean {
  return (
    view.dates.grantedOn !== null &&
    view.status !== "withdrawn" &&
    view.status !== "rejected" &&
    view.period !== null &&
    view.runsUntil !== null &&
    periodContains({ start: view.period.start, end: view.runsUntil }, date)
  );
}

/** The day after a calendar date. */
export const dayAfter = (date: CalendarDate): CalendarDate => addCalendarDays(date, 1);
/** The day before a calendar date. */
export const dayBefore = (date: CalendarDate): CalendarDate => addCalendarDays(date, -1);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
