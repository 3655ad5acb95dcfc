import type { CommandType } from "../commands.js";
import { DomainError } from "./domain-error.js";

/** The command is not allowed in the agreement's current lifecycle status. */
export class LifecycleViolationError extends DomainError {
  readonly code = "LIFECYCLE_VIOLATION";
  constructor(
    readonly command: CommandType,
    readonly status: string,
    readonly reason: string,
  ) {
    super(`${command} is not allowed: ${reason}`);
  }
}

/** A date is on the wrong side of another the lifecycle depends on. */
export class DateOrderViolationError extends DomainError {
  readonly code = "DATE_ORDER_VIOLATION";
  constructor(
    readonly field: string,
    readonly value: string,
    readonly relation: "not-before" | "not-after",
    readonly boundName: string,
    readonly bound: string,
  ) {
    super(
      `${field} (${value}) must not be ${relation === "not-before" ? "before" : "after"} ${boundName} (${bound})`,
    );
  }
}

/** A closed range of calendar dates, as the report errors name them. */
type Span = { readonly start: string; readonly end: string };

const span = (p: Span) => `${p.start}–${p.end}`;

/**
 * A period report that would lie outside the agreement period: a new report outside it, or an
 * amended period that leaves a recorded report outside.
 */
export class ReportOutsidePeriodError extends DomainError {
  readonly code = "REPORT_OUTSIDE_PERIOD";
  constructor(
    /** The field at fault: a report's `data.period`, or an amendment's `data.changes.period`. */
    readonly field: string,
    /** The period the report covers. */
    readonly reported: Span,
    /** The agreement period the report must lie inside. */
    readonly agreement: Span,
    /** What the command brings: a new report, or a new agreement period under recorded reports. */
    readonly changed: "report" | "agreement",
  ) {
    super(
      changed === "report"
        ? `${field} (${span(reported)}) is not inside the agreement period (${span(agreement)})`
        : `${field} (${span(agreement)}) must cover the report already recorded for ${span(reported)}`,
    );
  }
}

/** A period report that overlaps one already recorded. */
export class OverlappingReportError extends DomainError {
  readonly code = "OVERLAPPING_REPORT";
  constructor(
    /** The field at fault: the new report's `data.period`. */
    readonly field: string,
    readonly reported: Span,
    readonly existing: Span,
  ) {
    super(`${field} (${span(reported)}) overlaps the report already recorded for ${span(existing)}`);
  }
}

/**
 * A command id already recorded on the agreement was sent with a different command. Nothing is
 * recorded: a retry must repeat the command exactly, and a new command needs a new id.
 */
export class CommandIdReusedError extends DomainError {
  readonly code = "COMMAND_ID_REUSED";
  constructor(
    readonly commandId: string,
    readonly agreementId: string,
  ) {
    super(
      `Command id ${JSON.stringify(commandId)} was already used on agreement ${JSON.stringify(agreementId)} for a different command; give the new command an id of its own`,
    );
  }
}
