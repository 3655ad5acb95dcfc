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
import type { RecordedEventOf } from "../projection.js";

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

function actorOf(event: RecordedEvent): string | null {
  return typeof event.metadata.actor === "string" ? event.metadata.actor : null;
}

/** Options of {@link factOf}. */
export type FactOptions = {
  /**
   * Keep each decision's points and signatories (the audit trail needs them); without it they
   * are left empty, which halves the size of a stored state that does not show them.
   */
  readonly decisionDetail?: boolean;
};

/** The event types that are board decisions, each carrying its `decision`. */
type DecisionType = "Granted" | "Rejected" | "Renegotiated" | "RenewalDeclined" | "Extended" | "Amended";

/** How each event type becomes its fact. */
type FactBuilders = { readonly [K in EventType]: (event: RecordedEventOf<K>) => FactOf<K> };

/**
 * A table rather than a `match`: `factOf` runs once per event of every replay, and an object
 * lookup is the cheapest dispatch. The mapped type keeps it exhaustive — a new event type is a
 * compile error here until it has a builder.
 */
function factBuilders(detail: boolean): FactBuilders {
  const decisionRef = (d: Decision): DecisionRef => ({
    body: d.body,
    date: d.date,
    caseNumber: d.caseNumber ?? null,
    points: detail ? d.points.map((p) => ({ number: p.number, text: p.text })) : [],
    signatories: detail ? d.signatories.map((s) => ({ role: s.role, name: s.name ?? null })) : [],
  });
  // The stamp and decision every board decision's fact starts with (decisions are rare: the
  // spread costs nothing that matters, unlike in the reports' facts).
  const decided = <K extends DecisionType>(e: RecordedEventOf<DecisionType> & { readonly type: K }) => ({
    on: e.data.decision.date,
    recordedAt: e.recordedAt,
    actor: actorOf(e),
    type: e.type,
    decision: decisionRef(e.data.decision),
  });
  return {
    Applied: (e) => ({
      on: e.data.receivedOn,
      recordedAt: e.recordedAt,
      actor: actorOf(e),
      type: e.type,
      partnershipId: e.data.partnershipId,
      predecessorAgreementId: e.data.predecessorAgreementId ?? null,
      organisation: party(e.data.organisation),
      publicParties: e.data.publicParties.map(party),
      purpose: e.data.purpose,
      priorityArea: e.data.priorityArea ?? null,
      requestedKronor: e.data.requestedKronor,
      requestedPeriod: period(e.data.requestedPeriod),
    }),
    Withdrawn: (e) => ({
      on: e.data.withdrawnOn,
      recordedAt: e.recordedAt,
      actor: actorOf(e),
      type: e.type,
      by: e.data.by,
      reason: e.data.reason ?? null,
    }),
    Granted: (e) => ({
      ...decided(e),
      kronor: e.data.grantedKronor,
      period: period(e.data.period),
    }),
    Rejected: (e) => ({
      ...decided(e),
      reason: e.data.reason,
    }),
    Signed: (e) => ({ on: e.data.signedOn, recordedAt: e.recordedAt, actor: actorOf(e), type: e.type }),
    PeriodReported: (e) => ({
      on: e.data.reportedOn,
      recordedAt: e.recordedAt,
      actor: actorOf(e),
      type: e.type,
      period: period(e.data.period),
    }),
    Evaluated: (e) => ({
      on: e.data.evaluatedOn,
      recordedAt: e.recordedAt,
      actor: actorOf(e),
      type: e.type,
      scope: [...e.data.scope],
      overall: e.data.goalAttainment.overall,
      decision: e.data.decision === undefined ? null : decisionRef(e.data.decision),
    }),
    Renegotiated: (e) => ({
      ...decided(e),
      successorAgreementId: e.data.successorAgreementId ?? null,
    }),
    RenewalDeclined: (e) => ({
      ...decided(e),
      reason: e.data.reason,
    }),
    Extended: (e) => ({
      ...decided(e),
      newEnd: e.data.newEnd,
      additionalKronor: e.data.additionalKronor ?? null,
    }),
    Amended: (e) => ({
      ...decided(e),
      kronor: e.data.changes.grantedKronor ?? null,
      period: e.data.changes.period === undefined ? null : period(e.data.changes.period),
      purpose: e.data.changes.purpose ?? null,
    }),
    Terminated: (e) => ({
      on: e.data.decidedOn,
      recordedAt: e.recordedAt,
      actor: actorOf(e),
      type: e.type,
      decision: e.data.decision === undefined ? null : decisionRef(e.data.decision),
      effectiveOn: e.data.effectiveOn,
      kind: e.data.kind,
      initiatedBy: e.data.initiatedBy,
    }),
    PublicPartySucceeded: (e) => ({
      on: e.data.effectiveOn,
      recordedAt: e.recordedAt,
      actor: actorOf(e),
      type: e.type,
      from: e.data.predecessor.name,
      to: party(e.data.successor),
    }),
  };
}

const withDetail = factBuilders(true);
const withoutDetail = factBuilders(false);

/** The fact of a recorded event: JSON, with `null` for what the event leaves out. Pure. */
export function factOf(event: RecordedEvent, options: FactOptions = {}): Fact {
  const builders = options.decisionDetail === true ? withDetail : withoutDetail;
  return (builders[event.type] as (event: RecordedEvent) => Fact)(event);
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
