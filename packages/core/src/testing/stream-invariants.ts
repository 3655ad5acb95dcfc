import type { DomainEvent } from "../events/catalog.js";

/**
 * Checks a recorded stream against every invariant the decider promises, written a second
 * time from the stream's point of view so property tests do not trust `decide` to judge itself.
 * Returns a description of each violation; an empty list means the stream is sound.
 */
export function streamViolations(events: readonly DomainEvent[]): string[] {
  const problems: string[] = [];
  const fail = (i: number, what: string) => problems.push(`#${i + 1} ${events[i]?.type}: ${what}`);
  const wholePositive = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n > 0);
  let status = "new";
  let agreementId = "";
  let receivedOn = "";
  let decidedOn = "";
  let signedOn = "";
  let period: { start: string; end: string } | undefined;
  let endedOn: string | undefined;
  let succeededOn = "";
  const reports: { start: string; end: string }[] = [];

  events.forEach((event, i) => {
    const need = (...allowed: string[]) => {
      if (!allowed.includes(status)) fail(i, `recorded while ${status}`);
    };
    switch (event.type) {
      case "Applied":
        need("new");
        agreementId = event.data.agreementId;
        receivedOn = event.data.receivedOn;
        if (!wholePositive(event.data.requestedKronor)) fail(i, "requested amount not whole positive kronor");
        if (event.data.requestedPeriod.start > event.data.requestedPeriod.end)
          fail(i, "period ends before start");
        status = "applied";
        break;
      case "Granted":
        need("applied");
        if (event.data.decision.date < receivedOn) fail(i, "decided before the application arrived");
        if (!wholePositive(event.data.grantedKronor)) fail(i, "granted amount not whole positive kronor");
        if (event.data.period.start > event.data.period.end) fail(i, "period ends before start");
        decidedOn = event.data.decision.date;
        period = event.data.period;
        status = "granted";
        break;
      case "Rejected":
        need("applied");
        if (event.data.decision.date < receivedOn) fail(i, "decided before the application arrived");
        status = "rejected";
        break;
      case "Withdrawn":
        need("applied", "granted");
        if (event.data.withdrawnOn < (status === "granted" ? decidedOn : receivedOn))
          fail(i, "withdrawn before the application arrived or the grant was decided");
        status = "withdrawn";
        break;
      case "Signed":
        need("granted");
        if (event.data.signedOn < decidedOn) fail(i, "signed before the decision");
        signedOn = event.data.signedOn;
        status = "signed";
        break;
      case "PeriodReported": {
        need("signed", "terminated");
        const r = event.data.period;
        const last =
          endedOn !== undefined && period !== undefined && endedOn < period.end ? endedOn : period?.end;
        if (period === undefined || r.start < period.start || last === undefined || r.end > last)
          fail(i, "report outside the agreement period");
        if (reports.some((x) => x.start <= r.end && r.start <= x.end)) fail(i, "report overlaps another");
        if (event.data.reportedOn < r.start) fail(i, "reported before the period started");
        reports.push(r);
        break;
      }
      case "Evaluated":
        need("signed", "terminated");
        if (event.data.evaluatedOn < signedOn) fail(i, "evaluated before signing");
        if (event.data.decision !== undefined && event.data.decision.date < event.data.evaluatedOn)
          fail(i, "approved before the evaluation");
        break;
      case "Renegotiated":
      case "RenewalDeclined":
        need("signed", "terminated");
        if (event.data.decision.date < signedOn) fail(i, "decided before signing");
        if (event.type === "Renegotiated" && event.data.successorAgreementId === agreementId)
          fail(i, "names the agreement as its own successor");
        break;
      case "Extended":
        need("signed");
        if (period === undefined || event.data.newEnd <= period.end) fail(i, "does not extend the period");
        if (period !== undefined) period = { start: period.start, end: event.data.newEnd };
        break;
      case "Amended":
        need("signed");
        if (!wholePositive(event.data.changes.grantedKronor)) fail(i, "amount not whole positive kronor");
        if (event.data.changes.period !== undefined) {
          const p = event.data.changes.period;
          if (reports.some((r) => r.start < p.start || r.end > p.end))
            fail(i, "leaves a report outside the period");
          period = p;
        }
        break;
      case "Terminated":
        need("signed");
        if (period !== undefined && event.data.effectiveOn > period.end) fail(i, "ends after the period");
        if (event.data.decidedOn < signedOn) fail(i, "decided before signing");
        if (reports.some((r) => r.end > event.data.effectiveOn)) fail(i, "leaves a report after the end");
        endedOn = event.data.effectiveOn;
        status = "terminated";
        break;
      case "PublicPartySucceeded":
        need("applied", "granted", "signed");
        if (event.data.effectiveOn < succeededOn) fail(i, "before the previous succession");
        succeededOn = event.data.effectiveOn;
        break;
    }
  });
  return problems;
}
