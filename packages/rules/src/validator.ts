import type { CalendarDate, CommandValidator, DomainEvent, ValidationInput, Violation } from "@iop/core";
import { normaliseOrganisationNumber } from "@iop/core";
import type { AgreementSummary, Rule, RuleContext } from "./rule.js";
import { type RuleSet, RuleSetError } from "./rule-set.js";
import type { Severity } from "./violation.js";

/**
 * What the caller knows besides the command: the organisation's agreements and today's date.
 * Every member is optional; without `otherAgreements` the rules that compare agreements see none.
 */
export interface RuleContextProvider {
  /**
   * The agreements of the organisation with this number, from every public party the caller
   * knows of. It may include the agreement being validated; the validator sets it apart. The
   * number is passed in canonical form `NNNNNN-NNNN` when it is well-formed.
   */
  readonly otherAgreements?: (
    organisationNumber: string,
  ) => readonly AgreementSummary[] | Promise<readonly AgreementSummary[]>;
  /** Today's date, for rules that need it. */
  readonly today?: () => CalendarDate;
}

/** A rule with the parameters and severity its rule set resolved for it. */
export interface ResolvedRule {
  readonly rule: Rule;
  readonly params: unknown;
  readonly severity: Severity;
}

/**
 * Resolves a rule set: merges each entry's parameters over the rule's defaults and validates
 * them against the rule's schema.
 * @throws {RuleSetError} for duplicate codes or parameters a rule rejects.
 */
export function resolveRuleSet(set: RuleSet): readonly ResolvedRule[] {
  const seen = new Set<string>();
  return set.map(({ rule, params, severity }) => {
    if (seen.has(rule.code)) throw new RuleSetError(`rule ${rule.code} is in the set twice`);
    seen.add(rule.code);
    const merged = { ...(rule.parameters.defaults as object), ...(params as object | undefined) };
    const parsed = rule.parameters.schema.safeParse(merged);
    if (!parsed.success)
      throw new RuleSetError(
        `parameters of ${rule.code}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
      );
    return { rule, params: parsed.data, severity: severity ?? rule.defaultSeverity };
  });
}

/** The organisation number a command concerns: the application's, or the state's. */
function organisationNumberOf(input: ValidationInput): string | undefined {
  if (input.event.type === "Applied") return input.event.data.organisation.organisationNumber;
  return input.state.organisation?.organisationNumber;
}

function applies(rule: Rule, event: DomainEvent): boolean {
  return rule.appliesTo.includes(event.type);
}

/**
 * Runs every rule of the set that applies to the event, with one shared context, and returns
 * all their violations (each with its entry's severity).
 */
export async function checkRules(
  rules: readonly ResolvedRule[],
  input: ValidationInput,
  provider: RuleContextProvider = {},
): Promise<Violation[]> {
  const active = rules.filter((r) => applies(r.rule, input.event));
  if (active.length === 0) return [];
  let agreements: readonly AgreementSummary[] = [];
  const organisationNumber = organisationNumberOf(input);
  if (
    provider.otherAgreements !== undefined &&
    organisationNumber !== undefined &&
    active.some((r) => r.rule.usesOtherAgreements === true)
  )
    agreements = await provider.otherAgreements(normaliseOrganisationNumber(organisationNumber));
  const context: RuleContext = {
    otherAgreements: agreements.filter((a) => a.agreementId !== input.agreementId),
    agreement: agreements.find((a) => a.agreementId === input.agreementId),
    today: provider.today?.(),
  };
  return active.flatMap(({ rule, params, severity }) =>
    rule.check(input, context, params).map((v) => ({ ...v, code: rule.code, severity })),
  );
}

/**
 * A core {@link CommandValidator} for the rule set: give it to `AgreementCommandHandler` as
 * `validator`. Errors refuse the command (all at once); warnings are recorded in the event's
 * metadata. The set is resolved once, here, so a bad configuration fails at start-up.
 * @throws {RuleSetError} when the set is invalid.
 */
export function createValidator(set: RuleSet, provider: RuleContextProvider = {}): CommandValidator {
  const rules = resolveRuleSet(set);
  return (input) => checkRules(rules, input, provider);
}
