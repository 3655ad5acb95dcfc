import type { CalendarDate, CommandValidator, DomainEvent, ValidationInput, Violation } from "@iop/core";
import { normaliseOrganisationNumber } from "@iop/core";
import type { AgreementSummary, PublicPartySuccession, Rule, RuleContext } from "./rule.js";
import { type RuleSet, RuleSetError } from "./rule-set.js";
import type { Severity } from "./violation.js";

/** What a caller's lookup by id knows of the agreements a command references. */
export interface ReferencedAgreements {
  /** The summaries of the referenced agreements it knows; an agreement it does not know is left out. */
  readonly agreements: readonly AgreementSummary[];
  /** The successions of public parties it knows, from any agreement (default: none). */
  readonly successions?: readonly PublicPartySuccession[];
}

/** A lookup of agreements by id, for {@link RuleContextProvider.referencedAgreements}. */
export type ReferencedAgreementsLookup = (
  agreementIds: readonly string[],
) => ReferencedAgreements | Promise<ReferencedAgreements>;

/**
 * An `otherAgreements` lookup: the agreements of the organisation with a number. It may carry a
 * lookup by id as well (as {@link storeAgreementLookup}'s does), which the validator uses when
 * the provider gives no `referencedAgreements` of its own.
 */
export type OtherAgreementsLookup = ((
  organisationNumber: string,
) => readonly AgreementSummary[] | Promise<readonly AgreementSummary[]>) & {
  readonly referencedAgreements?: ReferencedAgreementsLookup;
};

/**
 * What the caller knows besides the command: the organisation's agreements, the agreements a
 * command references and today's date. Every member is optional; without `otherAgreements` the
 * rules that compare agreements see none, without a lookup by id the reference rules check nothing.
 */
export interface RuleContextProvider {
  /**
   * The agreements of the organisation with this number, from every public party the caller
   * knows of. It may include the agreement being validated; the validator sets it apart. The
   * number is passed in canonical form `NNNNNN-NNNN` when it is well-formed.
   */
  readonly otherAgreements?: OtherAgreementsLookup;
  /**
   * The agreements with these ids, of any organisation, and the successions of public parties
   * the caller knows: for the rules on a predecessor and on an evaluation's scope. Called once
   * per command, with the ids the applying rules name, only when there are any. Default: the
   * `referencedAgreements` of `otherAgreements`, if it has one.
   */
  readonly referencedAgreements?: ReferencedAgreementsLookup;
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

/** The context's referenced agreements and successions: one lookup by id for all applying rules. */
async function referencedContext(
  active: readonly ResolvedRule[],
  input: ValidationInput,
  provider: RuleContextProvider,
): Promise<Pick<RuleContext, "referencedAgreements" | "publicPartySuccessions">> {
  const lookup = provider.referencedAgreements ?? provider.otherAgreements?.referencedAgreements;
  if (lookup === undefined) return {};
  const ids = [...new Set(active.flatMap((r) => r.rule.referencedAgreementIds?.(input) ?? []))];
  if (ids.length === 0) return {};
  const found = await lookup(ids);
  const wanted = new Set(ids);
  return {
    referencedAgreements: new Map(
      found.agreements.filter((a) => wanted.has(a.agreementId)).map((a) => [a.agreementId, a]),
    ),
    publicPartySuccessions: found.successions ?? [],
  };
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
    ...(await referencedContext(active, input, provider)),
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
