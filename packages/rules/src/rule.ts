import type { AgreementStatus, CalendarDate, EventType, Period, ValidationInput, Violation } from "@iop/core";
import { z } from "zod";
import type { LocalizedText, Severity } from "./violation.js";

/** What a rule checks: the event the command would record, and the agreement's state before it. */
export type RuleInput = ValidationInput;

/**
 * Another agreement of the same organisation, as the caller's lookup knows it. A caller builds
 * these from its own read model (see {@link summariseAgreement} for the fields' meaning).
 */
export interface AgreementSummary {
  readonly agreementId: string;
  /** The partnership (authority + organisation + purpose) the agreement belongs to. */
  readonly partnershipId?: string | undefined;
  /** The organisation's number, in any accepted format; compared in normalised form. */
  readonly organisationNumber: string;
  /** Names of the public parties, as of the latest succession. */
  readonly publicParties: readonly string[];
  readonly purpose?: string | undefined;
  /** Names of the activities, e.g. "Art Camp". */
  readonly activities: readonly string[];
  /** Whole kronor granted, extensions and amendments included. */
  readonly grantedKronor?: number | undefined;
  /** Date of the grant decision: when the aid counts as granted. */
  readonly grantedOn?: CalendarDate | undefined;
  /** The period the agreement runs, up to its termination if it was terminated early. */
  readonly period?: Period | undefined;
  readonly status: AgreementStatus;
}

/**
 * A public party that took over another's agreements (a merger of district councils): what a
 * `PublicPartySucceeded` event records, e.g. Rinkeby-Kista → Järva stadsdelsnämnd on 2023-07-01.
 */
export interface PublicPartySuccession {
  readonly from: string;
  readonly to: string;
  readonly effectiveOn: CalendarDate;
}

/** What a rule may know besides the command and the state. Everything is read before the rules run. */
export interface RuleContext {
  /**
   * The organisation's other agreements (this one excluded), from every public party the
   * caller knows of. Empty when the caller gave no lookup.
   */
  readonly otherAgreements: readonly AgreementSummary[];
  /** This agreement as the caller's lookup knew it before the command, if it returned it. */
  readonly agreement: AgreementSummary | undefined;
  /** The caller's "today", if it gave one; no shipped rule needs it. */
  readonly today: CalendarDate | undefined;
  /**
   * The agreements the command references (its predecessor, the agreements an evaluation
   * covers), by id, as the caller's lookup knew them: an id that is not a key is unknown to it.
   * `undefined` when the caller gave no lookup by id or no rule of the set asked for references.
   */
  readonly referencedAgreements?: ReadonlyMap<string, AgreementSummary> | undefined;
  /** The successions of public parties the caller's lookup by id knows, from any agreement. */
  readonly publicPartySuccessions?: readonly PublicPartySuccession[] | undefined;
}

/** A rule's parameters: a zod schema and the defaults it uses when a rule set gives none. */
export interface RuleParameters<P> {
  readonly schema: z.ZodType<P>;
  readonly defaults: P;
}

/**
 * One check of law or guidelines. `check` is a pure function of its arguments: the same
 * command, state, context and parameters always give the same violations.
 */
export interface Rule<P = unknown> {
  /** Stable, machine-readable code; also the code of every violation the rule reports. */
  readonly code: string;
  readonly description: LocalizedText;
  /** Where the rule comes from: law, case law, guidance, a municipality's guidelines. */
  readonly source: string;
  readonly defaultSeverity: Severity;
  /** The event types the rule looks at; the validator skips it for others. */
  readonly appliesTo: readonly EventType[];
  /** True when the rule reads {@link RuleContext.otherAgreements}: the lookup runs only then. */
  readonly usesOtherAgreements?: boolean;
  /**
   * The ids of the other agreements the input references, for {@link RuleContext.referencedAgreements}:
   * the validator looks up the ids of every rule that applies, once per command, only when any has one.
   */
  referencedAgreementIds?(input: RuleInput): readonly string[];
  readonly parameters: RuleParameters<P>;
  /** Returns the violations of `input`; an empty list when it passes. */
  check(input: RuleInput, context: RuleContext, params: P): readonly Violation[];
}

/** The parameters of a rule that takes none. */
export type NoParameters = Record<string, never>;

/** Parameters of a rule that takes none: any parameter given is refused. */
export const noParameters: RuleParameters<NoParameters> = {
  schema: z.strictObject({}),
  defaults: {},
};

/** Identity helper that lets TypeScript infer a rule's parameter type. */
export function defineRule<P>(rule: Rule<P>): Rule<P> {
  return Object.freeze(rule);
}
