import { DomainError } from "./domain-error.js";
import { describeIssues, type InputIssue } from "./iop-error.js";

/** The command is malformed: wrong types, bad dates, fractional or negative kronor… */
export class InvalidCommandError extends DomainError {
  readonly code = "INVALID_COMMAND";
  constructor(readonly issues: readonly InputIssue[]) {
    super(`Invalid command: ${describeIssues(issues)}`);
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
