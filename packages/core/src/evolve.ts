import { match } from "ts-pattern";
import type { DomainEvent } from "./events/catalog.js";
import type { AgreementState } from "./state.js";
import { initialState } from "./state.js";

function later(a: string | undefined, b: string): string {
  return a !== undefined && a > b ? a : b;
}

/** Applies one event to the state. Pure; exhaustive over every event type. */
export function evolve(state: AgreementState, event: DomainEvent): AgreementState {
  const next = match<DomainEvent, AgreementState>(event)
    .with({ type: "Applied" }, ({ data }) => ({
      ...state,
      status: "applied",
      agreementId: data.agreementId,
      partnershipId: data.partnershipId,
      predecessorAgreementId: data.predecessorAgreementId,
      organisation: data.organisation,
      publicParties: data.publicParties,
      purpose: data.purpose,
      goals: data.goals,
      targetGroups: data.targetGroups,
      activities: data.activities,
      priorityArea: data.priorityArea,
      receivedOn: data.receivedOn,
      requestedKronor: data.requestedKronor,
      requestedPeriod: data.requestedPeriod,
    }))
    .with({ type: "Withdrawn" }, ({ data }) => ({
      ...state,
      status: "withdrawn",
      withdrawnOn: data.withdrawnOn,
    }))
    .with({ type: "Granted" }, ({ data }) => ({
      ...state,
      status: "granted",
      grantedKronor: data.grantedKronor,
      fundingDecisions: [{ decidedOn: data.decision.date, kronor: data.grantedKronor }],
      period: data.period,
      decidedOn: data.decision.date,
      lastDecisionOn: later(state.lastDecisionOn, data.decision.date),
    }))
    .with({ type: "Rejected" }, ({ data }) => ({
      ...state,
      status: "rejected",
      decidedOn: data.decision.date,
      rejectedOn: data.decision.date,
      lastDecisionOn: later(state.lastDecisionOn, data.decision.date),
    }))
    .with({ type: "Signed" }, ({ data }) => ({
      ...state,
      status: "signed",
      signedOn: data.signedOn,
      terms: data.terms,
    }))
    .with({ type: "PeriodReported" }, ({ data }) => ({ ...state, reports: [...state.reports, data.period] }))
    .with({ type: "Evaluated" }, ({ data }) => ({
      ...state,
      evaluations: [...state.evaluations, { evaluatedOn: data.evaluatedOn, scope: data.scope }],
      lastDecisionOn:
        data.decision === undefined ? state.lastDecisionOn : later(state.lastDecisionOn, data.decision.date),
    }))
    .with({ type: "Renegotiated" }, ({ data }) => ({
      ...state,
      renegotiation: { decidedOn: data.decision.date, successorAgreementId: data.successorAgreementId },
      lastDecisionOn: later(state.lastDecisionOn, data.decision.date),
    }))
    .with({ type: "RenewalDeclined" }, ({ data }) => ({
      ...state,
      renewalDeclinedOn: data.decision.date,
      lastDecisionOn: later(state.lastDecisionOn, data.decision.date),
    }))
    .with({ type: "Extended" }, ({ data }) => ({
      ...state,
      period: state.period === undefined ? undefined : { start: state.period.start, end: data.newEnd },
      grantedKronor: (state.grantedKronor ?? 0) + (data.additionalKronor ?? 0),
      fundingDecisions:
        data.additionalKronor === undefined
          ? state.fundingDecisions
          : [...state.fundingDecisions, { decidedOn: data.decision.date, kronor: data.additionalKronor }],
      lastDecisionOn: later(state.lastDecisionOn, data.decision.date),
    }))
    .with({ type: "Amended" }, ({ data: { changes, decision } }) => ({
      ...state,
      grantedKronor: changes.grantedKronor ?? state.grantedKronor,
      fundingDecisions:
        changes.grantedKronor === undefined || changes.grantedKronor === state.grantedKronor
          ? state.fundingDecisions
          : [
              ...state.fundingDecisions,
              { decidedOn: decision.date, kronor: changes.grantedKronor - (state.grantedKronor ?? 0) },
            ],
      period: changes.period ?? state.period,
      purpose: changes.purpose ?? state.purpose,
      goals: changes.goals ?? state.goals,
      terms:
        changes.contributions === undefined || state.terms === undefined
          ? state.terms
          : { ...state.terms, contributions: changes.contributions },
      lastDecisionOn: later(state.lastDecisionOn, decision.date),
    }))
    .with({ type: "Terminated" }, ({ data }) => ({
      ...state,
      status: "terminated",
      termination: { decidedOn: data.decidedOn, effectiveOn: data.effectiveOn, kind: data.kind },
      lastDecisionOn: later(state.lastDecisionOn, data.decidedOn),
    }))
    .with({ type: "PublicPartySucceeded" }, ({ data }) => ({
      ...state,
      publicParties: state.publicParties.map((p) => (p.name === data.predecessor.name ? data.successor : p)),
      successions: [
        ...state.successions,
        { from: data.predecessor.name, to: data.successor.name, effectiveOn: data.effectiveOn },
      ],
    }))
    .exhaustive();
  return { ...next, version: state.version + 1 };
}

/** Folds events into a state, from the initial state unless another is given. */
export function fold(events: Iterable<DomainEvent>, from: AgreementState = initialState): AgreementState {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
}
