import { match } from "ts-pattern";
import { type Command, eventCommands } from "./commands.js";
import {
  DateOrderViolationError,
  type DomainError,
  InvalidCommandError,
  LifecycleViolationError,
  OverlappingReportError,
  ReportOutsidePeriodError,
} from "./errors/index.js";
import type { DomainEvent } from "./events/catalog.js";
import { parseCommand } from "./parse-command.js";
import { addCalendarDays, type CalendarDate } from "./schemas/calendar-date.js";
import { type Period, periodCovers, periodsOverlap } from "./schemas/period.js";
import { type AgreementState, type AgreementStatus, effectiveEnd } from "./state.js";

type Check = DomainError | undefined;

/** Which statuses each event may follow. After rejection or withdrawal nothing may follow. */
const allowedFrom: Record<DomainEvent["type"], readonly AgreementStatus[]> = {
  Applied: ["new"],
  Withdrawn: ["applied", "granted"],
  Granted: ["applied"],
  Rejected: ["applied"],
  Signed: ["granted"],
  // Reporting back and evaluating the time an agreement ran go on after it was terminated.
  PeriodReported: ["signed", "terminated"],
  Evaluated: ["signed", "terminated"],
  Renegotiated: ["signed", "terminated"],
  RenewalDeclined: ["signed", "terminated"],
  Extended: ["signed"],
  Amended: ["signed"],
  Terminated: ["signed"],
  PublicPartySucceeded: ["applied", "granted", "signed"],
};

/** Why nothing but what `allowedFrom` lists may follow each status. */
const statusReason: Record<AgreementStatus, string> = {
  new: "there is no application yet",
  applied: "the application has not been decided yet",
  granted: "the agreement is granted but not signed yet",
  rejected: "the application was rejected",
  withdrawn: "the application was withdrawn",
  signed: "the agreement is already signed",
  terminated: "the agreement was terminated",
};

function lifecycleReason(type: DomainEvent["type"], status: AgreementStatus): string {
  return type === "Applied" ? "the agreement already has an application" : statusReason[status];
}

function notBefore(
  field: string,
  value: CalendarDate,
  boundName: string,
  bound: CalendarDate | undefined,
): Check {
  return bound !== undefined && value < bound
    ? new DateOrderViolationError(field, value, "not-before", boundName, bound)
    : undefined;
}

function notAfter(
  field: string,
  value: CalendarDate,
  boundName: string,
  bound: CalendarDate | undefined,
): Check {
  return bound !== undefined && value > bound
    ? new DateOrderViolationError(field, value, "not-after", boundName, bound)
    : undefined;
}

/** A later decision may not predate the decisions the agreement already rests on. */
function decisionDate(field: string, date: CalendarDate, state: AgreementState): Check {
  return (
    notBefore(field, date, "the date the agreement was signed", state.signedOn) ??
    notBefore(field, date, "the latest decision on the agreement", state.lastDecisionOn)
  );
}

function reportsInside(period: Period, state: AgreementState): Check {
  const outside = state.reports.find((r) => !periodCovers(period, r));
  return outside === undefined
    ? undefined
    : new ReportOutsidePeriodError("data.changes.period", outside, period, "agreement");
}

function check(event: DomainEvent, state: AgreementState): Check {
  return match<DomainEvent, Check>(event)
    .with({ type: "Applied" }, ({ data }) =>
      data.predecessorAgreementId === data.agreementId
        ? new InvalidCommandError([
            { field: "data.predecessorAgreementId", message: "must not be the agreement itself" },
          ])
        : undefined,
    )
    .with(
      { type: "Withdrawn" },
      ({ data }) =>
        notBefore(
          "data.withdrawnOn",
          data.withdrawnOn,
          "the date the application was received",
          state.receivedOn,
        ) ??
        // Only a granted application can be withdrawn after a decision (a rejection ends the case).
        notBefore("data.withdrawnOn", data.withdrawnOn, "the date of the grant decision", state.decidedOn),
    )
    .with({ type: "Granted" }, { type: "Rejected" }, ({ data }) =>
      notBefore(
        "data.decision.date",
        data.decision.date,
        "the date the application was received",
        state.receivedOn,
      ),
    )
    .with({ type: "Signed" }, ({ data }) =>
      notBefore("data.signedOn", data.signedOn, "the date of the grant decision", state.decidedOn),
    )
    .with({ type: "PeriodReported" }, ({ data }) => {
      const end = effectiveEnd(state);
      if (state.period === undefined || end === undefined) return undefined;
      const runs = { start: state.period.start, end };
      if (!periodCovers(runs, data.period))
        return new ReportOutsidePeriodError("data.period", data.period, runs, "report");
      const overlapping = state.reports.find((r) => periodsOverlap(r, data.period));
      if (overlapping !== undefined)
        return new OverlappingReportError("data.period", data.period, overlapping);
      return notBefore(
        "data.reportedOn",
        data.reportedOn,
        "the start of the reported period",
        data.period.start,
      );
    })
    .with({ type: "Evaluated" }, ({ data }) => {
      if (state.agreementId !== undefined && !data.scope.includes(state.agreementId))
        return new InvalidCommandError([
          { field: "data.scope", message: `must include this agreement (${state.agreementId})` },
        ]);
      return (
        notBefore(
          "data.evaluatedOn",
          data.evaluatedOn,
          "the date the agreement was signed",
          state.signedOn,
        ) ??
        (data.decision === undefined
          ? undefined
          : (notBefore(
              "data.decision.date",
              data.decision.date,
              "the date of the evaluation it approves",
              data.evaluatedOn,
            ) ?? decisionDate("data.decision.date", data.decision.date, state)))
      );
    })
    .with({ type: "Renegotiated" }, { type: "RenewalDeclined" }, (event) => {
      if (state.renegotiation !== undefined || state.renewalDeclinedOn !== undefined)
        return new LifecycleViolationError(
          eventCommands[event.type],
          state.status,
          "the board has already decided on renegotiation or renewal",
        );
      const successor = event.type === "Renegotiated" ? event.data.successorAgreementId : undefined;
      if (successor !== undefined && successor === state.agreementId)
        return new InvalidCommandError([
          { field: "data.successorAgreementId", message: "must not be the agreement itself" },
        ]);
      return decisionDate("data.decision.date", event.data.decision.date, state);
    })
    .with({ type: "Extended" }, ({ data }) => {
      const end = state.period?.end;
      return (
        decisionDate("data.decision.date", data.decision.date, state) ??
        (end === undefined
          ? undefined
          : notBefore("data.newEnd", data.newEnd, "the day after the current end", addCalendarDays(end, 1)))
      );
    })
    .with({ type: "Amended" }, ({ data }) => {
      const dated = decisionDate("data.decision.date", data.decision.date, state);
      if (dated !== undefined || data.changes.period === undefined) return dated;
      return reportsInside(data.changes.period, state);
    })
    .with({ type: "Terminated" }, ({ data }) => {
      const lastReported = state.reports.reduce<CalendarDate | undefined>(
        (latest, r) => (latest === undefined || r.end > latest ? r.end : latest),
        undefined,
      );
      return (
        decisionDate("data.decidedOn", data.decidedOn, state) ??
        (data.decision === undefined
          ? undefined
          : decisionDate("data.decision.date", data.decision.date, state)) ??
        notAfter(
          "data.effectiveOn",
          data.effectiveOn,
          "the end of the agreement period",
          state.period?.end,
        ) ??
        notBefore("data.effectiveOn", data.effectiveOn, "the end of the last reported period", lastReported)
      );
    })
    .with({ type: "PublicPartySucceeded" }, ({ data }) => {
      if (!state.publicParties.some((p) => p.name === data.predecessor.name))
        return new InvalidCommandError([
          {
            field: "data.predecessor.name",
            message: `must be a public party of this agreement (${state.publicParties.map((p) => p.name).join(", ")})`,
          },
        ]);
      return (
        notBefore(
          "data.effectiveOn",
          data.effectiveOn,
          "the date the application was received",
          state.receivedOn,
        ) ??
        notBefore(
          "data.effectiveOn",
          data.effectiveOn,
          "the date of the previous succession",
          state.successions.at(-1)?.effectiveOn,
        )
      );
    })
    .exhaustive();
}

/**
 * Decides an event already parsed (by {@link parseCommand}) against the agreement's state: the
 * events to record, or the {@link DomainError} that says why not. Pure; the command handler
 * parses a command once and decides it with this on every attempt.
 */
export function decideEvent(event: DomainEvent, state: AgreementState): DomainEvent[] | DomainError {
  if (!allowedFrom[event.type].includes(state.status))
    return new LifecycleViolationError(
      eventCommands[event.type],
      state.status,
      lifecycleReason(event.type, state.status),
    );
  return check(event, state) ?? [event];
}

/**
 * Decides a command against the agreement's state: the events to record, or the
 * {@link DomainError} that says why not. The command is checked at run time too (it may come
 * from JSON): a malformed one gives {@link InvalidCommandError}. Pure and total: it never
 * throws, whatever the input.
 */
export function decide(command: Command, state: AgreementState): DomainEvent[] | DomainError {
  const event = parseCommand(command);
  return event instanceof InvalidCommandError ? event : decideEvent(event, state);
}
