import type { CalendarDate, DomainEvent } from "@iop/core";

/**
 * The date an event was decided on: its board decision's date when it records one, else the
 * date it says it happened (the application received, the agreement signed, the report made…).
 * The rules' "today" when verify re-runs them.
 */
export function decisionDateOf(event: DomainEvent): CalendarDate {
  switch (event.type) {
    case "Granted":
    case "Rejected":
    case "Extended":
    case "Amended":
    case "Renegotiated":
    case "RenewalDeclined":
      return event.data.decision.date;
    case "Evaluated":
      return event.data.decision?.date ?? event.data.evaluatedOn;
    case "Terminated":
      return event.data.decision?.date ?? event.data.decidedOn;
    case "Applied":
      return event.data.receivedOn;
    case "Withdrawn":
      return event.data.withdrawnOn;
    case "Signed":
      return event.data.signedOn;
    case "PeriodReported":
      return event.data.reportedOn;
    case "PublicPartySucceeded":
      return event.data.effectiveOn;
  }
}
