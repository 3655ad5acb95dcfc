import {
  type AgreementState,
  type AgreementStatus,
  addCalendarDays,
  type CalendarDate,
  effectiveEnd,
  fold,
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
 * The core's fold (`evolve`) of an agreement's facts that count on the clocks' horizons: decided
 * by `decidedBy` and recorded by `recordedBy`, in stream order.
 */
export function stateOf(facts: readonly Fact[], clocks: CheckedClocks): AgreementState {
  return fold(facts.filter((fact) => counts(fact, clocks)));
}

const partyRef = (p: {
  readonly name: string;
  readonly organisationNumber?: string | undefined;
}): PartyRef => ({
  name: p.name,
  organisationNumber: p.organisationNumber ?? null,
});

/**
 * An agreement's state as a view; `undefined` before its application counts. `agreementId` is
 * the id the facts are kept under.
 */
export function viewOfState(agreementId: string, state: AgreementState): AgreementView | undefined {
  const { organisation, partnershipId, purpose, receivedOn, requestedKronor, requestedPeriod } = state;
  if (
    organisation === undefined ||
    partnershipId === undefined ||
    purpose === undefined ||
    receivedOn === undefined ||
    requestedKronor === undefined ||
    requestedPeriod === undefined
  )
    return undefined;
  return {
    agreementId,
    partnershipId,
    predecessorAgreementId: state.predecessorAgreementId ?? null,
    organisation: partyRef(organisation),
    appliedWith: state.appliedWith.map(partyRef),
    publicParties: state.publicParties.map(partyRef),
    purpose,
    priorityArea: state.priorityArea ?? null,
    requestedKronor,
    requestedPeriod,
    status: state.status,
    grantedBy: state.grantedBy ?? null,
    grantedKronor: state.grantedKronor ?? null,
    period: state.period ?? null,
    runsUntil: effectiveEnd(state) ?? null,
    dates: {
      receivedOn,
      grantedOn: state.grantedOn ?? null,
      rejectedOn: state.rejectedOn ?? null,
      withdrawnOn: state.withdrawnOn ?? null,
      signedOn: state.signedOn ?? null,
      extendedOn: state.extendedOn,
      amendedOn: state.amendedOn,
      reportedOn: state.reportedOn,
      evaluatedOn: state.evaluations.map((e) => e.evaluatedOn),
      renegotiatedOn: state.renegotiation?.decidedOn ?? null,
      renewalDeclinedOn: state.renewalDeclinedOn ?? null,
      terminatedOn: state.termination?.decidedOn ?? null,
    },
    successions: state.successions,
    // `reports` and `reportedOn` run in step: the fallback is never taken.
    reports: state.reports.map((period, i) => ({ period, reportedOn: state.reportedOn[i] ?? receivedOn })),
  };
}

/**
 * One agreement as its facts that count on the clocks make it (see {@link stateOf}); `undefined`
 * when its application does not count yet.
 */
export function viewOf(
  agreementId: string,
  facts: readonly Fact[],
  clocks: CheckedClocks,
): AgreementView | undefined {
  return viewOfState(agreementId, stateOf(facts, clocks));
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
