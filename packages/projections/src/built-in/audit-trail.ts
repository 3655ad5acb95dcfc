import type { AgreementStatus, CalendarDate, EventType, Period } from "@iop/core";
import { type CheckedClocks, type Clocks, checkClocks, hasHappened, isKnown } from "../clocks.js";
import { rowOf } from "../per-agreement-projection.js";
import { type AgreementView, viewOf } from "./agreement-view.js";
import { type FactLogState, factLogProjection } from "./fact-log-projection.js";
import { type DecisionRef, decisionOf, type Fact } from "./facts.js";

/**
 * The decision audit trail: every decision on every agreement — body, date, case number, the
 * actor who recorded it — with the agreement's state before and after. Keeps every event type,
 * since any of them can change the state a later decision is taken on.
 */
export const auditTrailProjection = factLogProjection("iop.decision-audit-trail", 1, "all", {
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

function summary(view: AgreementView): AgreementSummary {
  return {
    status: view.status,
    grantedKronor: view.grantedKronor,
    period: view.period,
    runsUntil: view.runsUntil,
    publicParties: view.publicParties.map((p) => p.name),
  };
}

function entriesOf(agreementId: string, facts: readonly Fact[], clocks: CheckedClocks): AuditEntry[] {
  // Before and after are the record as it stood (in recording order), whatever the business dates.
  const recorded: CheckedClocks = { asOf: null, knownAtMs: clocks.knownAtMs };
  const entries: AuditEntry[] = [];
  facts.forEach((fact, i) => {
    const decided = decisionOf(fact);
    if (decided === undefined || !hasHappened(decided.date, clocks) || !isKnown(fact.recordedAt, clocks))
      return;
    const after = viewOf(agreementId, facts, recorded, i + 1);
    if (after === undefined) return;
    const before = viewOf(agreementId, facts, recorded, i);
    entries.push({
      agreementId,
      organisation: after.organisation.name,
      eventType: fact.type,
      body: decided.decision?.body ?? null,
      date: decided.date,
      caseNumber: decided.decision?.caseNumber ?? null,
      points: decided.decision?.points ?? [],
      signatories: decided.decision?.signatories ?? [],
      actor: fact.actor,
      recordedAt: fact.recordedAt,
      before: before === undefined ? null : summary(before),
      after: summary(after),
    });
  });
  return entries;
}

/**
 * The decisions on both clocks: dated by `asOf` and recorded by `knownAt`, of one agreement or
 * all, ordered by decision date, then agreement id, then recording order.
 * @throws {RangeError} for bad clocks.
 */
export function readAuditTrail(
  state: FactLogState,
  options: Clocks & { readonly agreementId?: string } = {},
): AuditEntry[] {
  const clocks = checkClocks(options);
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
