import { type AgreementState, effectiveEnd } from "@iop/core";
import type { AgreementSummary } from "../rule.js";

/**
 * Summarises one agreement's state (the `fold` of its events) for the rules that compare
 * agreements. Returns `undefined` for a state without an application.
 *
 * - `grantedKronor`: the amount granted, with extensions and amendments;
 * - `grantedOn`: the grant decision's date (not set for a rejection);
 * - `period`: the agreement period, ending at the termination date when it ended early;
 * - `activities`: the activity names of the application.
 */
export function summariseAgreement(state: AgreementState): AgreementSummary | undefined {
  if (state.agreementId === undefined || state.organisation === undefined) return undefined;
  const end = effectiveEnd(state);
  const granted = state.grantedKronor !== undefined;
  return {
    agreementId: state.agreementId,
    partnershipId: state.partnershipId,
    organisationNumber: state.organisation.organisationNumber,
    publicParties: state.publicParties.map((p) => p.name),
    purpose: state.purpose,
    activities: state.activities.map((a) => a.name),
    grantedKronor: state.grantedKronor,
    grantedOn: granted ? state.decidedOn : undefined,
    period: state.period === undefined || end === undefined ? undefined : { start: state.period.start, end },
    status: state.status,
  };
}
