import type { AgreementTerms } from "./events/agreement-events.js";
import type { CalendarDate } from "./schemas/calendar-date.js";
import type { Activity, Organisation, PublicParty } from "./schemas/parties.js";
import type { Period } from "./schemas/period.js";

/** Where an agreement is in its lifecycle. Expiry is not a status: it follows from the period. */
export type AgreementStatus =
  | "new"
  | "applied"
  | "granted"
  | "rejected"
  | "withdrawn"
  | "signed"
  | "terminated";

/** The state of one agreement: the fold of its events. Unknown facts are `undefined`. */
export interface AgreementState {
  readonly status: AgreementStatus;
  /** Number of events folded. */
  readonly version: number;
  readonly agreementId: string | undefined;
  readonly partnershipId: string | undefined;
  readonly predecessorAgreementId: string | undefined;
  readonly organisation: Organisation | undefined;
  /** The public parties named in the application, before any succession. */
  readonly appliedWith: readonly PublicParty[];
  /** The public parties as of the latest succession. */
  readonly publicParties: readonly PublicParty[];
  readonly successions: readonly {
    readonly from: string;
    readonly to: string;
    readonly effectiveOn: CalendarDate;
  }[];
  readonly purpose: string | undefined;
  readonly goals: readonly string[];
  readonly targetGroups: readonly string[];
  readonly activities: readonly Activity[];
  readonly priorityArea: string | undefined;
  readonly receivedOn: CalendarDate | undefined;
  readonly requestedKronor: number | undefined;
  readonly requestedPeriod: Period | undefined;
  readonly grantedKronor: number | undefined;
  /**
   * Every decision that changed the funding, with its date and the change in kronor: the
   * grant, extensions with more money, amendments of the amount (negative when reduced).
   */
  readonly fundingDecisions: readonly { readonly decidedOn: CalendarDate; readonly kronor: number }[];
  /** The agreement period, as granted and later extended or amended. */
  readonly period: Period | undefined;
  /** Date of the grant or rejection decision. */
  readonly decidedOn: CalendarDate | undefined;
  /** Date of the grant decision. */
  readonly grantedOn: CalendarDate | undefined;
  /** The body that granted the agreement (the grant decision's `body`). */
  readonly grantedBy: string | undefined;
  /** Date of each extension decision, in the order they were recorded. */
  readonly extendedOn: readonly CalendarDate[];
  /** Date of each amendment decision, in the order they were recorded. */
  readonly amendedOn: readonly CalendarDate[];
  /** Date of the latest decision of any kind; later decisions may not predate it. */
  readonly lastDecisionOn: CalendarDate | undefined;
  readonly signedOn: CalendarDate | undefined;
  readonly terms: AgreementTerms | undefined;
  /** The periods reported on, in the order the reports were recorded. */
  readonly reports: readonly Period[];
  /** The day each report was handed in: `reportedOn[i]` is the day of `reports[i]`. */
  readonly reportedOn: readonly CalendarDate[];
  readonly evaluations: readonly { readonly evaluatedOn: CalendarDate; readonly scope: readonly string[] }[];
  readonly renegotiation:
    | { readonly decidedOn: CalendarDate; readonly successorAgreementId: string | undefined }
    | undefined;
  readonly renewalDeclinedOn: CalendarDate | undefined;
  readonly rejectedOn: CalendarDate | undefined;
  readonly withdrawnOn: CalendarDate | undefined;
  readonly termination:
    | { readonly decidedOn: CalendarDate; readonly effectiveOn: CalendarDate; readonly kind: string }
    | undefined;
}

/** The state before the first event. */
export const initialState: AgreementState = Object.freeze({
  status: "new",
  version: 0,
  agreementId: undefined,
  partnershipId: undefined,
  predecessorAgreementId: undefined,
  organisation: undefined,
  appliedWith: [],
  publicParties: [],
  successions: [],
  purpose: undefined,
  goals: [],
  targetGroups: [],
  activities: [],
  priorityArea: undefined,
  receivedOn: undefined,
  requestedKronor: undefined,
  requestedPeriod: undefined,
  grantedKronor: undefined,
  fundingDecisions: [],
  period: undefined,
  decidedOn: undefined,
  grantedOn: undefined,
  grantedBy: undefined,
  extendedOn: [],
  amendedOn: [],
  lastDecisionOn: undefined,
  signedOn: undefined,
  terms: undefined,
  reports: [],
  reportedOn: [],
  evaluations: [],
  renegotiation: undefined,
  renewalDeclinedOn: undefined,
  rejectedOn: undefined,
  withdrawnOn: undefined,
  termination: undefined,
});

/** The last day the agreement runs: its period end, or the termination date if earlier. */
export function effectiveEnd(state: AgreementState): CalendarDate | undefined {
  if (state.period === undefined) return undefined;
  const terminated = state.termination?.effectiveOn;
  return terminated !== undefined && terminated < state.period.end ? terminated : state.period.end;
}
