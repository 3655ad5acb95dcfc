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

/** A party as a fact keeps it: its name and organisation number, when given. */
type PartyData = { readonly name: string; readonly organisationNumber?: string };

/**
 * What each event type's fact keeps of the event's data: the fields the core's `evolve` reads
 * (see `LifecycleEvent` in `@iop/core`), under the event's own names, and each decision as a
 * {@link DecisionRef}. A field the event leaves out is left out here too. Arrays are typed
 * mutable only so that a fact is a `LifecycleEvent`; nothing changes them.
 */
export type FactData = {
  readonly Applied: {
    readonly agreementId: string;
    readonly partnershipId: string;
    readonly predecessorAgreementId?: string;
    readonly organisation: { readonly name: string; readonly organisationNumber: string };
    readonly publicParties: PartyData[];
    readonly receivedOn: CalendarDate;
    readonly purpose: string;
    readonly priorityArea?: string;
    readonly requestedKronor: number;
    readonly requestedPeriod: Period;
  };
  readonly Withdrawn: { readonly withdrawnOn: CalendarDate };
  readonly Granted: {
    readonly decision: DecisionRef;
    readonly grantedKronor: number;
    readonly period: Period;
  };
  readonly Rejected: { readonly decision: DecisionRef };
  readonly Signed: { readonly signedOn: CalendarDate };
  readonly PeriodReported: { readonly period: Period; readonly reportedOn: CalendarDate };
  readonly Evaluated: {
    readonly evaluatedOn: CalendarDate;
    readonly scope: string[];
    readonly decision?: DecisionRef;
  };
  readonly Renegotiated: { readonly decision: DecisionRef; readonly successorAgreementId?: string };
  readonly RenewalDeclined: { readonly decision: DecisionRef };
  readonly Extended: {
    readonly decision: DecisionRef;
    readonly newEnd: CalendarDate;
    readonly additionalKronor?: number;
  };
  readonly Amended: {
    readonly decision: DecisionRef;
    readonly changes: {
      readonly grantedKronor?: number;
      readonly period?: Period;
      readonly purpose?: string;
    };
  };
  readonly Terminated: {
    readonly decidedOn: CalendarDate;
    readonly effectiveOn: CalendarDate;
    readonly kind: "notice" | "rescission" | "mutual";
    readonly decision?: DecisionRef;
  };
  readonly PublicPartySucceeded: {
    readonly predecessor: PartyData;
    readonly successor: PartyData;
    readonly effectiveOn: CalendarDate;
  };
};

/**
 * One event of an agreement, trimmed to what the built-in read models need and stamped with the
 * clocks: its type and {@link FactData}, which makes it an event the core's `evolve` folds, plus
 * its business date, its record time and who recorded it. A built-in keeps, per agreement, the
 * list of its facts in stream order; its queries fold those that count on the clocks (see
 * `agreement-view.ts`).
 */
export type Fact = {
  readonly [K in EventType]: {
    readonly type: K;
    /**
     * The business date the fact counts from on the `decidedBy` clock: the day an application
     * was received, a decision's date, the signing day, the day a report was handed in, the
     * evaluation day, the day a termination was decided, the day a succession took effect.
     */
    readonly on: CalendarDate;
    /** The event's `recordedAt` (ISO 8601, UTC): what the `recordedBy` clock compares. */
    readonly recordedAt: string;
    /** The event's `metadata.actor`, when given. */
    readonly actor: string | null;
    readonly data: FactData[K];
  };
}[EventType];

/** The fact of type `K`. */
export type FactOf<K extends EventType> = Extract<Fact, { type: K }>;

function party(p: PublicParty | Organisation): PartyData {
  return p.organisationNumber === undefined
    ? { name: p.name }
    : { name: p.name, organisationNumber: p.organisationNumber };
}

function period(p: Period): Period {
  return { start: p.start, end: p.end };
}

function actorOf(event: RecordedEvent): string | null {
  return typeof event.metadata.actor === "string" ? event.metadata.actor : null;
}

/** `{ [key]: value }`, or `{}` when the value is left out: facts keep no `undefined`. */
function given<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Options of {@link factOf}. */
export type FactOptions = {
  /**
   * Keep each decision's points and signatories (the audit trail needs them); without it they
   * are left empty, which halves the size of a stored state that does not show them.
   */
  readonly decisionDetail?: boolean;
};

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
  // A call, not a spread: it builds each fact in one object literal.
  const fact = <K extends EventType>(e: RecordedEventOf<K>, on: CalendarDate, data: FactData[K]) =>
    ({ type: e.type, on, recordedAt: e.recordedAt, actor: actorOf(e), data }) as FactOf<K>;
  return {
    Applied: (e) => {
      const { data } = e;
      return fact(e, data.receivedOn, {
        agreementId: data.agreementId,
        partnershipId: data.partnershipId,
        ...given("predecessorAgreementId", data.predecessorAgreementId),
        organisation: {
          name: data.organisation.name,
          organisationNumber: data.organisation.organisationNumber,
        },
        publicParties: data.publicParties.map(party),
        receivedOn: data.receivedOn,
        purpose: data.purpose,
        ...given("priorityArea", data.priorityArea),
        requestedKronor: data.requestedKronor,
        requestedPeriod: period(data.requestedPeriod),
      });
    },
    Withdrawn: (e) => fact(e, e.data.withdrawnOn, { withdrawnOn: e.data.withdrawnOn }),
    Granted: (e) =>
      fact(e, e.data.decision.date, {
        decision: decisionRef(e.data.decision),
        grantedKronor: e.data.grantedKronor,
        period: period(e.data.period),
      }),
    Rejected: (e) => fact(e, e.data.decision.date, { decision: decisionRef(e.data.decision) }),
    Signed: (e) => fact(e, e.data.signedOn, { signedOn: e.data.signedOn }),
    PeriodReported: (e) =>
      fact(e, e.data.reportedOn, { period: period(e.data.period), reportedOn: e.data.reportedOn }),
    Evaluated: (e) =>
      fact(e, e.data.evaluatedOn, {
        evaluatedOn: e.data.evaluatedOn,
        scope: [...e.data.scope],
        ...given("decision", e.data.decision === undefined ? undefined : decisionRef(e.data.decision)),
      }),
    Renegotiated: (e) =>
      fact(e, e.data.decision.date, {
        decision: decisionRef(e.data.decision),
        ...given("successorAgreementId", e.data.successorAgreementId),
      }),
    RenewalDeclined: (e) => fact(e, e.data.decision.date, { decision: decisionRef(e.data.decision) }),
    Extended: (e) =>
      fact(e, e.data.decision.date, {
        decision: decisionRef(e.data.decision),
        newEnd: e.data.newEnd,
        ...given("additionalKronor", e.data.additionalKronor),
      }),
    Amended: (e) => {
      const { grantedKronor, period: changed, purpose } = e.data.changes;
      return fact(e, e.data.decision.date, {
        decision: decisionRef(e.data.decision),
        changes: {
          ...given("grantedKronor", grantedKronor),
          ...given("period", changed === undefined ? undefined : period(changed)),
          ...given("purpose", purpose),
        },
      });
    },
    Terminated: (e) =>
      fact(e, e.data.decidedOn, {
        decidedOn: e.data.decidedOn,
        effectiveOn: e.data.effectiveOn,
        kind: e.data.kind,
        ...given("decision", e.data.decision === undefined ? undefined : decisionRef(e.data.decision)),
      }),
    PublicPartySucceeded: (e) =>
      fact(e, e.data.effectiveOn, {
        predecessor: party(e.data.predecessor),
        successor: party(e.data.successor),
        effectiveOn: e.data.effectiveOn,
      }),
  };
}

const withDetail = factBuilders(true);
const withoutDetail = factBuilders(false);

/** The fact of a recorded event: JSON, leaving out what the event leaves out. Pure. */
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
      ({ data: { decision } }) => ({ date: decision.date, decision }),
    )
    .with({ type: "Terminated" }, ({ on, data }) => ({ date: on, decision: data.decision ?? null }))
    .with({ type: "Evaluated" }, ({ data: { decision } }) =>
      decision === undefined ? undefined : { date: decision.date, decision },
    )
    .with(
      { type: "Applied" },
      { type: "Withdrawn" },
      { type: "Signed" },
      { type: "PeriodReported" },
      { type: "PublicPartySucceeded" },
      () => undefined,
    )
    .exhaustive();
}
