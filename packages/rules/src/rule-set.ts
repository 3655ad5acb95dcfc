import type { Rule } from "./rule.js";
import type { Severity } from "./violation.js";

/**
 * One rule in a rule set, with the parameters and severity this set gives it. Parameters are
 * merged shallowly over the rule's defaults; the severity replaces the rule's default.
 */
export interface RuleEntry<P = unknown> {
  readonly rule: Rule<P>;
  readonly params?: Partial<P> | undefined;
  readonly severity?: Severity | undefined;
}

/** A rule set: plain data, an ordered list of entries with unique codes. */
export type RuleSet = readonly RuleEntry[];

/** Builds an entry with typed parameters: `ruleEntry(agreementTooLongRule, { params: { maxMonths: 24 } })`. */
export function ruleEntry<P>(
  rule: Rule<P>,
  options: { readonly params?: Partial<P>; readonly severity?: Severity } = {},
): RuleEntry<P> {
  return Object.freeze({ rule, ...options });
}

/** A rule set built wrongly: a duplicate or missing code, or parameters the rule rejects. */
export class RuleSetError extends Error {
  readonly code = "RULE_SET_INVALID";
  override get name(): string {
    return "RuleSetError";
  }
}

function indexOf(set: RuleSet, code: string): number {
  return set.findIndex((e) => e.rule.code === code);
}

/** The codes of a rule set, in order. */
export function codesOf(set: RuleSet): string[] {
  return set.map((e) => e.rule.code);
}

/**
 * A new set with the entries added at the end.
 * @throws {RuleSetError} when a code is already in the set (use {@link replace} to change a rule).
 */
export function extend(set: RuleSet, ...entries: readonly RuleEntry[]): RuleSet {
  const result: RuleEntry[] = [...set];
  for (const entry of entries) {
    if (indexOf(result, entry.rule.code) >= 0)
      throw new RuleSetError(`rule ${entry.rule.code} is already in the set: use replace() to change it`);
    result.push(entry);
  }
  return Object.freeze(result);
}

/**
 * A new set where the entry with `code` is replaced, in place, by `entry` (which may be another
 * rule with another code, e.g. a municipality's own version).
 * @throws {RuleSetError} when `code` is not in the set, or the new code is already elsewhere in it.
 */
export function replace(set: RuleSet, code: string, entry: RuleEntry): RuleSet {
  const at = indexOf(set, code);
  if (at < 0) throw new RuleSetError(`rule ${code} is not in the set`);
  const other = indexOf(set, entry.rule.code);
  if (other >= 0 && other !== at) throw new RuleSetError(`rule ${entry.rule.code} is already in the set`);
  const result = [...set];
  result[at] = entry;
  return Object.freeze(result);
}

/**
 * A new set without the entry with `code`.
 * @throws {RuleSetError} when `code` is not in the set (a misspelt code should not pass silently).
 */
export function without(set: RuleSet, code: string): RuleSet {
  if (indexOf(set, code) < 0) throw new RuleSetError(`rule ${code} is not in the set`);
  return Object.freeze(set.filter((e) => e.rule.code !== code));
}

/**
 * A new set where the rule with `code` keeps its place but gets other parameters (merged over
 * those the set already gave it) and/or another severity.
 * @throws {RuleSetError} when `code` is not in the set.
 */
export function configure(
  set: RuleSet,
  code: string,
  options: { readonly params?: Record<string, unknown>; readonly severity?: Severity },
): RuleSet {
  const at = indexOf(set, code);
  const current = set[at];
  if (current === undefined) throw new RuleSetError(`rule ${code} is not in the set`);
  const params = { ...(current.params as object | undefined), ...options.params };
  const severity = options.severity ?? current.severity;
  const entry: RuleEntry = { rule: current.rule, params, ...(severity === undefined ? {} : { severity }) };
  const result = [...set];
  result[at] = Object.freeze(entry);
  return Object.freeze(result);
}
