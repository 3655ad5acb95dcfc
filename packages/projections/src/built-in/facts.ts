import type {
  CalendarDate,
  Decision,
  EventType,
  Organisation,
  Period,
  PublicParty,
  RecordedEvent,
} from "@iop/core";
import { match } from "ts-pattern";

/** A party as the built-in read models keep it. */
export type PartyRef = { readonly name: string; readonly organisationNumber: string | null };

/** A board decision as the built-in read models keep it: who, when, under which case, what. */
export type DecisionRef = {
  readonly body: string;
  readonly date: CalendarDate;
  /** Diarienummer, opaque. */
  readonly caseNumber: string | null;
  readonly points: readonly { readonly number: number; readonly text: string }[];
  /** Roles (and names where the decision names them); never contact details. */
  readonly signatories: readonly { readonly role: string; readonly name: string | null }[];
};

/** What every fact carries: its business date, when it was recorded, and by whom. */
type Stamp = {
  /**
   * The business date the fact counts from: the day an application was received, a decision's
   * date, the signing day, the day a report was handed in, the evaluation day, the day a
   * termination was decided, the day a succession took effect.
   */
  readonly on: CalendarDate;
  /** The event's `recordedAt` (ISO 8601, UTC). */
  readonly recordedAt: string;
  /** The event's `metadata.actor`, when given. */
  readonly actor: string | null;
};

/**
 * One event of an agreement, trimmed to what the built-in read models need and stamped with both
 * clocks. A built-in keeps, per agreement, the list of its facts in stream order; its queries
 * fold them up to a business date and a record time (see `agreement-view.ts`).
 */
export type Fact = Stamp &
  (
    | {
        readonly type: "Applied";
        readonly partnershipId: string;
        readonly predecessorAgreementId: string | null;
        readonly organisation: PartyRef;
        readonly publicParties: readonly PartyRef[];
        readonly purpose: string;
        readonly priorityArea: string | null;
        readonly requestedKronor: number;
        readonly requestedPeriod: Period;
      }
    | { readonly type: "Withdrawn"; readonly by: "public" | "organisation"; readonly reason: string | null }
    | {
        readonly type: "Granted";
        readonly decision: DecisionRef;
        readonly kronor: number;
        readonly period: Period;
      }
    | { readonly type: "Rejected"; readonly decision: DecisionRef; readonly reason: string }
    | { readonly type: "Signed" }
    | { readonly type: "PeriodReported"; readonly period: Period }
    | {
        readonly type: "Evaluated";
        readonly scope: readonly string[];
        readonly overall: "met" | "partly-met" | "not-met";
        readonly decision: DecisionRef | null;
      }
    | {
        readonly type: "Renegotiated";
        readonly decision: DecisionRef;
        readonly successorAgreementId: string | null;
      }
    | { readonly type: "RenewalDeclined"; readonly decision: DecisionRef; readonly reason: string }
    | {
        readonly type: "Extended";
        readonly decision: DecisionRef;
        readonly newEnd: CalendarDate;
        readonly additionalKronor: number | null;
      }
    | {
        readonly type: "Amended";
        readonly decision: DecisionRef;
        readonly kronor: number | null;
        readonly period: Period | null;
        readonly purpose: string | null;
      }
    | {
        readonly type: "Terminated";
        readonly decision: DecisionRef | null;
        readonly effectiveOn: CalendarDate;
        readonly kind: "notice" | "rescission" | "mutual";
        readonly initiatedBy: "public" | "organisation";
      }
    | { readonly type: "PublicPartySucceeded"; readonly from: string; readonly to: PartyRef }
  );

/** The fact of type `K`. */
export type FactOf<K extends EventType> = Extract<Fact, { type: K }>;

function party(p: PublicParty | Organisation): PartyRef {
  return { name: p.name, organisationNumber: p.organisationNumber ?? null };
}

function period(p: Period): Period {
  return { start: p.start, end: p.end };
}

/** Options of {@link factOf}. */
export type FactOptions = {
  /**
   * Keep each decision's points and signatories (the audit trail needs them); without it they
   * are left empty, which halves the size of a stored state that does not show them.
   */
  readonly decisionDetail?: boolean;
};

/** The fact of a recorded event: JSON, with `null` for what the event leaves out. Pure. */
export function factOf(event: RecordedEvent, options: FactOptions = {}): Fact {
  const detail = options.decisionDetail === true;
  const decisionRef = (d: Decision): DecisionRef => ({
    body: d.body,
    date: d.date,
    caseNumber: d.caseNumber ?? null,
    points: detail ? d.points.map((p) => ({ number: p.number, text: p.text })) : [],
    signatories: detail ? d.signatories.map((s) => ({ role: s.role, name: s.name ?? null })) : [],
  });
  const stamp = (on: CalendarDate): Stamp => ({
    on,
    recordedAt: event.recordedAt,
    actor: typeof event.metadata.actor === "string" ? event.metadata.actor : null,
  });
  return match(event)
    .returnType<Fact>()
    .with({ type: "Applied" }, ({ type, data }) => ({
      ...stamp(data.receivedOn),
      type,
      partnershipId: data.partnershipId,
      predecessorAgreementId: data.predecessorAgreementId ?? null,
      organisation: party(data.organisation),
      publicParties: data.publicParties.map(party),
      purpose: data.purpose,
      priorityArea: data.priorityArea ?? null,
      requestedKronor: data.requestedKronor,
      requestedPeriod: period(data.requestedPeriod),
    }))
    .with({ type: "Withdrawn" }, ({ type, data }) => ({
      ...stamp(data.withdrawnOn),
      type,
      by: data.by,
      reason: data.reason ?? null,
    }))
    .with({ type: "Granted" }, ({ type, data }) => ({
      ...stamp(data.decision.date),
      type,
      decision: decisionRef(data.decision),
      kronor: data.grantedKronor,
      period: period(data.period),
    }))
    .with({ type: "Rejected" }, ({ type, data }) => ({
      ...stamp(data.decision.date),
      type,
      decision: decisionRef(data.decision),
      reason: data.reason,
    }))
    .with({ type: "Signed" }, ({ type, data }) => ({ ...stamp(data.signedOn), type }))
    .with({ type: "PeriodReported" }, ({ type, data }) => ({
      ...stamp(data.reportedOn),
      type,
      period: period(data.period),
    }))
    .with({ type: "Evaluated" }, ({ type, data }) => ({
      ...stamp(data.evaluatedOn),
      type,
      scope: [...data.scope],
      overall: data.goalAttainment.overall,
      decision: data.decision === undefined ? null : decisionRef(data.decision),
    }))
    .with({ type: "Renegotiated" }, ({ type, data }) => ({
      ...stamp(data.decision.date),
      type,
      decision: decisionRef(data.decision),
      successorAgreementId: data.successorAgreementId ?? null,
    }))
    .with({ type: "RenewalDeclined" }, ({ type, data }) => ({
      ...stamp(data.decision.date),
      type,
      decision: decisionRef(data.decision),
      reason: data.reason,
    }))
    .with({ type: "Extended" }, ({ type, data }) => ({
      ...stamp(data.decision.date),
      type,
      decision: decisionRef(data.decision),
      newEnd: data.newEnd,
      additionalKronor: data.additionalKronor ?? null,
    }))
    .with({ type: "Amended" }, ({ type, data }) => ({
      ...stamp(data.decision.date),
      type,
      decision: decisionRef(data.decision),
      kronor: data.changes.grantedKronor ?? null,
      period: data.changes.period === undefined ? null : period(data.changes.period),
      purpose: data.changes.purpose ?? null,
    }))
    .with({ type: "Terminated" }, ({ type, data }) => ({
      ...stamp(data.decidedOn),
      type,
      decision: data.decision === undefined ? null : decisionRef(data.decision),
      effectiveOn: data.effectiveOn,
      kind: data.kind,
      initiatedBy: data.initiatedBy,
    }))
    .with({ type: "PublicPartySucceeded" }, ({ type, data }) => ({
      ...stamp(data.effectiveOn),
      type,
      from: data.predecessor.name,
      to: party(data.successor),
    }))
    .exhaustive();
}

/**
 * The board decision a fact records, with the date it was taken, or `undefined` for a fact
 * that is not a decision (an application, a signing, a report, an evaluation no board approved,
 * a succession). A termination is a decision even when no board decision is attached (the
 * organisation may give notice): its body is then `null`.
 */
export function decisionOf(
  fact: Fact,
): { readonly date: CalendarDate; readonly decision: DecisionRef | null } | undefined {
  return match(fact)
    .returnType<{ date: CalendarDate; decision: DecisionRef | null } | undefined>()
    .with(
      { type: "Granted" },
      { type: "Rejected" },
      { type: "Renegotiated" },
      { type: "RenewalDeclined" },
      { type: "Extended" },
      { type: "Amended" },
      ({ decision }) => ({ date: decision.date, decision }),
    )
    .with({ type: "Terminated" }, ({ on, decision }) => ({ date: on, decision }))
    .with({ type: "Evaluated" }, ({ decision }) =>
      decision === null ? undefined : { date: decision.date, decision },
    )
    .with(
      { type: "Applied" },
      { type: "Withdrawn" },
      { type: "Signed" },
      { type: "PeriodReported" },
      () => undefined,
    )
    .with({ type: "PublicPartySucceeded" }, () => undefined)
    .exhaustive();
}
