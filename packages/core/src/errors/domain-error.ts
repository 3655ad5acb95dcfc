import { IopError, isIopError } from "./iop-error.js";

/** A command that `decide` (or the validator) refused. Every subclass names what was wrong. */
export abstract class DomainError extends IopError {}

/** Codes of the {@link DomainError}s, so a refusal is recognised across installed copies too. */
const DOMAIN_CODES: ReadonlySet<string> = new Set([
  "INVALID_COMMAND",
  "RULE_VIOLATION",
  "LIFECYCLE_VIOLATION",
  "DATE_ORDER_VIOLATION",
  "REPORT_OUTSIDE_PERIOD",
  "OVERLAPPING_REPORT",
  "COMMAND_ID_REUSED",
]);

/** True when `value` is a {@link DomainError}: how callers tell `decide`'s refusals from events. */
export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError || (isIopError(value) && DOMAIN_CODES.has(value.code));
}
