import type { CommandType } from "./commands.js";
import type { ExpectedVersion } from "./store/event-store.js";

/** Base of every error this library raises on purpose: each has a stable `code`. */
export abstract class IopError extends Error {
  /** A stable, machine-readable code. */
  abstract readonly code: string;
  override get name(): string {
    return this.constructor.name;
  }
}

/** One problem with an input, located by a dotted field path such as `data.period.end`. */
export interface InputIssue {
  readonly field: string;
  readonly message: string;
}

/** Joins path segments into a dotted field path, leaving out empty ones: `data.period.end`. */
export function fieldPath(...segments: readonly string[]): string {
  return segments.filter((s) => s !== "").join(".");
}

/** Formats issues as `field: message; field: message`. */
export function describeIssues(issues: readonly InputIssue[]): string {
  return issues.map((i) => `${i.field || "(root)"}: ${i.message}`).join("; ");
}

// ---------------------------------------------------------------------------------------------
// Domain errors: returned (never thrown) by `decide`, thrown by the command handler.
// ---------------------------------------------------------------------------------------------

/** A command that `decide` refused. Every subclass names what was wrong. */
export abstract class DomainError extends IopError {}

/** The command is malformed: wrong types, bad dates, fractional or negative kronor… */
export class InvalidCommandError extends DomainError {
  readonly code = "INVALID_COMMAND";
  constructor(readonly issues: readonly InputIssue[]) {
    super(`Invalid command: ${describeIssues(issues)}`);
  }
}

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

/** A rule violation as the rules package reports it; defined here so the core can carry it. */
export interface Violation {
  /** Stable code, e.g. `ORG_NUMBER_CHECK_DIGIT`. */
  readonly code: string;
  /** `error` blocks the command; `warning` is recorded in the event's metadata. */
  readonly severity: "error" | "warning";
  /** The command field the violation concerns, as a dotted path. */
  readonly field: string;
  readonly message: { readonly sv: string; readonly en: string };
  /** Facts behind the violation for programs to act on (a successor's name, amounts…). */
  readonly details?: { readonly [key: string]: unknown };
}

/** One or more rules with severity `error` refused the command; all are listed at once. */
export class RuleViolationError extends DomainError {
  readonly code = "RULE_VIOLATION";
  constructor(readonly violations: readonly Violation[]) {
    super(`Refused by rules: ${violations.map((v) => `${v.code} (${v.field}): ${v.message.en}`).join("; ")}`);
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

/** True when `value` is a {@link DomainError}: how callers tell `decide`'s refusals from events. */
export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

// ---------------------------------------------------------------------------------------------
// Storage errors: thrown by every adapter in the same way.
// ---------------------------------------------------------------------------------------------

/** The stream was not at the expected version: somebody else appended first. */
export class ConcurrencyError extends IopError {
  readonly code = "CONCURRENCY_CONFLICT";
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's actual version; 0 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`Stream ${JSON.stringify(streamId)}: expected version ${String(expected)}, but it is at ${actual}`);
  }
}

/** An append or read the store refused before touching any data. */
export class InvalidStoreInputError extends IopError {
  readonly code = "INVALID_STORE_INPUT";
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** The store cannot be reached (server down, connection refused). Safe to retry later. */
export class StoreUnavailableError extends IopError {
  readonly code = "STORE_UNAVAILABLE";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The store was used after `close()`. */
export class StoreClosedError extends IopError {
  readonly code = "STORE_CLOSED";
  constructor() {
    super("The event store is closed");
  }
}

/** A stored event could not be read as a domain event. */
export class EventDecodingError extends IopError {
  readonly code = "EVENT_DECODING_FAILED";
  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
    readonly issues: readonly InputIssue[],
    readonly streamId?: string,
    readonly streamVersion?: number,
  ) {
    super(
      `Cannot decode ${eventType} v${schemaVersion}${streamId === undefined ? "" : ` at ${streamId}@${streamVersion}`}: ${describeIssues(issues)}`,
    );
  }
}

/** A durable projection's stored checkpoint moved under the runner: another runner is active. */
export class ProjectionConflictError extends IopError {
  readonly code = "PROJECTION_CONFLICT";
  constructor(
    readonly projection: string,
    readonly expectedCheckpoint: number | null,
  ) {
    super(
      `Projection ${JSON.stringify(projection)} was not at checkpoint ${String(expectedCheckpoint)}: another runner saved it`,
    );
  }
}
