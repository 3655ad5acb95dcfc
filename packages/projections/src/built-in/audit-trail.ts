import {
  type AgreementState,
  type AgreementStatus,
  type CalendarDate,
  type EventType,
  effectiveEnd,
  evolve,
  initialState,
  type Period,
} from "@iop/core";
import {
  type CheckedClocks,
  checkDecisionClocks,
  type DecisionClocks,
  isDecided,
  isRecorded,
} from "../clocks.js";
import { rowOf } from "../per-agreement-projection.js";
import { type FactLogState, factLogProjection } from "./fact-log-projection.js";
import { type DecisionRef, decisionOf, type Fact } from "./facts.js";

/**
 * The decision audit trail: every decision on every agreement — body, date, case number, the
 * actor who recorded it — with the agreement's state before and after. Keeps every event type,
 * since any of them can change the state a later decision is taken on.
 */
export const auditTrailProjection = factLogProjection("iop.decision-audit-trail", 2, "all", {
  decisionDetail: true,
});

/** The state of an agreement around a decision. */
export type AgreementSummary = {
  readonly status: AgreementStatus;
  readonly grantedKronor: number | null;
  readonly period: Period | null;
  readonly runsUntil: CalendarDate | null;
  readonly publicParties: readonly string[];
};

/** One decision. */
export type AuditEntry = {
  readonly agreementId: string;
  readonly organisation: string;
  /** The event that recorded it: `Granted`, `Rejected`, `Extended`, `Amended`, `Renegotiated`, … */
  readonly eventType: EventType;
  /** The deciding body; `null` for a termination no board decision is attached to. */
  readonly body: string | null;
  readonly date: CalendarDate;
  readonly caseNumber: string | null;
  readonly points: DecisionRef["points"];
  readonly signatories: DecisionRef["signatories"];
  /** Who recorded it (the event's `metadata.actor`). */
  readonly actor: string | null;
  readonly recordedAt: string;
  /** The agreement as recorded just before the decision; `null` if nothing was. */
  readonly before: AgreementSummary | null;
  readonly after: AgreementSummary;
};

function summary(state: AgreementState): AgreementSummary {
  return {
    status: state.status,
    grantedKronor: state.grantedKronor ?? null,
    period: state.period ?? null,
    runsUntil: effectiveEnd(state) ?? null,
    publicParties: state.publicParties.map((p) => p.name),
  };
}

function entriesOf(agreementId: string, facts: readonly Fact[], clocks: CheckedClocks): AuditEntry[] {
  // Before and after are the record as it stood (in recording order), whatever the business
  // dates: every fact recorded by `recordedBy` is folded, in stream order.
  const entries: AuditEntry[] = [];
  let state = initialState;
  for (const fact of facts) {
    if (!isRecorded(fact.recordedAt, clocks)) continue;
    const before = state;
    state = evolve(state, fact);
    const decided = decisionOf(fact);
    if (decided === undefined || !isDecided(decided.date, clocks) || state.organisation === undefined)
      continue;
    entries.push({
      agreementId,
      organisation: state.organisation.name,
      eventType: fact.type,
      body: decided.decision?.body ?? null,
      date: decided.date,
      caseNumber: decided.decision?.caseNumber ?? null,
      points: decided.decision?.points ?? [],
      signatories: decided.decision?.signatories ?? [],
      actor: fact.actor,
      recordedAt: fact.recordedAt,
      before: before.organisation === undefined ? null : summary(before),
      after: summary(state),
    });
  }
  return entries;
}

/**
 * The decisions on the two horizons: dated by `decidedBy` and recorded by `recordedBy`, of one
 * agreement or all, ordered by decision date, then agreement id, then recording order. The audit
 * trail has no day: `inForceOn` is refused, and the deprecated `asOf` is `decidedBy` alone.
 * @throws {RangeError} for bad clocks, `ClockNotApplicableError` for an `inForceOn`.
 */
export function readAuditTrail(
  state: FactLogState,
  options: DecisionClocks & { readonly agreementId?: string } = {},
): AuditEntry[] {
  const clocks = checkDecisionClocks(options, "the audit trail");
  const rows: [string, readonly Fact[]][] =
    options.agreementId === undefined
      ? Object.entries(state)
      : [[options.agreementId, rowOf(state, options.agreementId) ?? []]];
  const entries = rows.flatMap(([agreementId, facts]) => entriesOf(agreementId, facts, clocks));
  // Array#sort is stable: equal keys keep recording order.
  return entries.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      (a.agreementId < b.agreementId ? -1 : a.agreementId > b.agreementId ? 1 : 0),
  );
}
