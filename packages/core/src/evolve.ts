import type { DomainEvent, EventData, EventType } from "./events/catalog.js";
import type { CalendarDate } from "./schemas/calendar-date.js";
import type { AgreementState } from "./state.js";
import { initialState } from "./state.js";

/** What {@link evolve} reads of a board decision: who took it and when. */
export type DecisionSummary = { readonly body: string; readonly date: CalendarDate };

/** Event `K` with the fields `Kept` of its data, the fields `Loose` optional, and a summarised decision. */
type Read<K extends EventType, Kept extends keyof EventData<K>, Loose extends keyof EventData<K> = never> = {
  readonly type: K;
  readonly data: Pick<EventData<K>, Exclude<Kept, "decision">> &
    Partial<Pick<EventData<K>, Exclude<Loose, "decision">>> &
    ("decision" extends Kept
      ? { readonly decision: DecisionSummary }
      : "decision" extends Loose
        ? { readonly decision?: DecisionSummary | undefined }
        : unknown);
};

/**
 * An event as {@link evolve} reads it: every {@link DomainEvent} is one, and so is a trimmed copy
 * that keeps these fields — the built-in read models fold such copies. The descriptive fields a
 * copy may leave out (an application's goals, target groups and activities; a signing's terms) are
 * then empty (or `undefined`) in the state; the lifecycle — status, period, amounts, parties,
 * dates — is the same.
 */
export type LifecycleEvent =
  | Read<
      "Applied",
      | "agreementId"
      | "partnershipId"
      | "publicParties"
      | "organisation"
      | "receivedOn"
      | "purpose"
      | "requestedKronor"
      | "requestedPeriod",
      "predecessorAgreementId" | "priorityArea" | "goals" | "targetGroups" | "activities"
    >
  | Read<"Withdrawn", "withdrawnOn">
  | Read<"Granted", "decision" | "grantedKronor" | "period">
  | Read<"Rejected", "decision">
  | Read<"Signed", "signedOn", "terms">
  | Read<"PeriodReported", "period" | "reportedOn">
  | Read<"Evaluated", "evaluatedOn" | "scope", "decision">
  | Read<"Renegotiated", "decision", "successorAgreementId">
  | Read<"RenewalDeclined", "decision">
  | Read<"Extended", "decision" | "newEnd", "additionalKronor">
  | Read<"Amended", "decision" | "changes">
  | Read<"Terminated", "decidedOn" | "effectiveOn" | "kind">
  | Read<"PublicPartySucceeded", "predecessor" | "successor" | "effectiveOn">;

type LifecycleData<K extends EventType> = Extract<LifecycleEvent, { type: K }>["data"];

function later(a: string | undefined, b: string): string {
  return a !== undefined && a > b ? a : b;
}

/** A list with one more item at its end: a copy, or the same list grown, inside {@link fold}. */
type Append = <T>(list: readonly T[], item: T) => readonly T[];

const copied: Append = (list, item) => [...list, item];

/**
 * What each event type changes in the state. A table of changes rather than a `match` of whole
 * states: the built-in read models fold every agreement's events on each query, and an object
 * lookup is the cheapest dispatch. Lists grow through `append`, so that {@link fold} can grow
 * the lists it made in place. The mapped type keeps it exhaustive — a new event type is a
 * compile error here.
 */
const transitions: {
  readonly [K in EventType]: (
    state: AgreementState,
    data: LifecycleData<K>,
    append: Append,
  ) => Partial<AgreementState>;
} = {
  Applied: (_, data) => ({
    status: "applied",
    agreementId: data.agreementId,
    partnershipId: data.partnershipId,
    predecessorAgreementId: data.predecessorAgreementId,
    organisation: data.organisation,
    appliedWith: data.publicParties,
    publicParties: data.publicParties,
    purpose: data.purpose,
    goals: data.goals ?? [],
    targetGroups: data.targetGroups ?? [],
    activities: data.activities ?? [],
    priorityArea: data.priorityArea,
    receivedOn: data.receivedOn,
    requestedKronor: data.requestedKronor,
    requestedPeriod: data.requestedPeriod,
  }),
  Withdrawn: (_, data) => ({ status: "withdrawn", withdrawnOn: data.withdrawnOn }),
  Granted: (state, data) => ({
    status: "granted",
    grantedKronor: data.grantedKronor,
    fundingDecisions: [{ decidedOn: data.decision.date, kronor: data.grantedKronor }],
    period: data.period,
    decidedOn: data.decision.date,
    grantedOn: data.decision.date,
    grantedBy: data.decision.body,
    lastDecisionOn: later(state.lastDecisionOn, data.decision.date),
  }),
  Rejected: (state, data) => ({
    status: "rejected",
    decidedOn: data.decision.date,
    rejectedOn: data.decision.date,
    lastDecisionOn: later(state.lastDecisionOn, data.decision.date),
  }),
  Signed: (_, data) => ({ status: "signed", signedOn: data.signedOn, terms: data.terms }),
  PeriodReported: (state, data, append) => ({
    reports: append(state.reports, data.period),
    reportedOn: append(state.reportedOn, data.reportedOn),
  }),
  Evaluated: (state, data, append) => ({
    evaluations: append(state.evaluations, { evaluatedOn: data.evaluatedOn, scope: data.scope }),
    lastDecisionOn:
      data.decision === undefined ? state.lastDecisionOn : later(state.lastDecisionOn, data.decision.date),
  }),
  Renegotiated: (state, data) => ({
    renegotiation: { decidedOn: data.decision.date, successorAgreementId: data.successorAgreementId },
    lastDecisionOn: later(state.lastDecisionOn, data.decision.date),
  }),
  RenewalDeclined: (state, data) => ({
    renewalDeclinedOn: data.decision.date,
    lastDecisionOn: later(state.lastDecisionOn, data.decision.date),
  }),
  Extended: (state, data, append) => ({
    period: state.period === undefined ? undefined : { start: state.period.start, end: data.newEnd },
    grantedKronor: (state.grantedKronor ?? 0) + (data.additionalKronor ?? 0),
    fundingDecisions:
      data.additionalKronor === undefined
        ? state.fundingDecisions
        : append(state.fundingDecisions, { decidedOn: data.decision.date, kronor: data.additionalKronor }),
    extendedOn: append(state.extendedOn, data.decision.date),
    lastDecisionOn: later(state.lastDecisionOn, data.decision.date),
  }),
  Amended: (state, { changes, decision }, append) => ({
    grantedKronor: changes.grantedKronor ?? state.grantedKronor,
    fundingDecisions:
      changes.grantedKronor === undefined || changes.grantedKronor === state.grantedKronor
        ? state.fundingDecisions
        : append(state.fundingDecisions, {
            decidedOn: decision.date,
            kronor: changes.grantedKronor - (state.grantedKronor ?? 0),
          }),
    period: changes.period ?? state.period,
    purpose: changes.purpose ?? state.purpose,
    goals: changes.goals ?? state.goals,
    terms:
      changes.contributions === undefined || state.terms === undefined
        ? state.terms
        : { ...state.terms, contributions: changes.contributions },
    amendedOn: append(state.amendedOn, decision.date),
    lastDecisionOn: later(state.lastDecisionOn, decision.date),
  }),
  Terminated: (state, data) => ({
    status: "terminated",
    termination: { decidedOn: data.decidedOn, effectiveOn: data.effectiveOn, kind: data.kind },
    lastDecisionOn: later(state.lastDecisionOn, data.decidedOn),
  }),
  PublicPartySucceeded: (state, data, append) => ({
    publicParties: state.publicParties.map((p) => (p.name === data.predecessor.name ? data.successor : p)),
    successions: append(state.successions, {
      from: data.predecessor.name,
      to: data.successor.name,
      effectiveOn: data.effectiveOn,
    }),
  }),
};

type Transition = (
  state: AgreementState,
  data: LifecycleEvent["data"],
  append: Append,
) => Partial<AgreementState>;

/**
 * Applies one event to the state. Pure; exhaustive over every event type. Takes a
 * {@link DomainEvent}, or any {@link LifecycleEvent}: a copy trimmed to the fields it reads.
 */
export function evolve(state: AgreementState, event: LifecycleEvent): AgreementState {
  const change = (transitions[event.type] as Transition)(state, event.data, copied);
  return { ...state, ...change, version: state.version + 1 };
}

/**
 * Folds events into a state, from the initial state unless another is given: the state
 * {@link evolve} would reach event by event. Pure as a whole — neither `from` nor an event is
 * changed — but the states in between are never seen, so it copies the state once and the lists
 * it grows once each, then changes its own copies in place: linear in the number of events,
 * where a copy per event would be quadratic in an agreement's reports.
 */
export function fold(events: Iterable<LifecycleEvent>, from: AgreementState = initialState): AgreementState {
  let draft: { -readonly [K in keyof AgreementState]: AgreementState[K] } | undefined;
  const own = new Set<readonly unknown[]>();
  const grown: Append = (list, item) => {
    if (own.has(list)) {
      (list as unknown[]).push(item);
      return list;
    }
    const copy = [...list, item];
    own.add(copy);
    return copy;
  };
  for (const event of events) {
    const state = draft ?? from;
    const change = (transitions[event.type] as Transition)(state, event.data, grown);
    draft ??= { ...from };
    Object.assign(draft, change);
    draft.version = state.version + 1;
  }
  return draft ?? from;
}
