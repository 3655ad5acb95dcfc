import { normaliseOrganisationNumber } from "@iop/core";
import type { AgreementSummary, PublicPartySuccession, RuleContext, RuleInput } from "../rule.js";
import { normaliseText } from "../text.js";
import type { LocalizedText } from "../violation.js";

/** One reference of an event to another agreement: the field that makes it and its role. */
export interface AgreementReference {
  /** The command field, as a dotted path: `data.predecessorAgreementId`, `data.scope.2`. */
  readonly field: string;
  readonly agreementId: string;
  /** What the referenced agreement is to this one, to open a message with. */
  readonly role: LocalizedText;
}

const PREDECESSOR: LocalizedText = { sv: "Föregående överenskommelse", en: "The predecessor agreement" };
const COVERED: LocalizedText = {
  sv: "Överenskommelsen som utvärderingen omfattar",
  en: "The agreement the evaluation covers",
};

/**
 * The other agreements an event references: an application's predecessor, and every agreement
 * an evaluation covers except the evaluated one itself.
 */
export function referencesOf({ agreementId, event }: RuleInput): AgreementReference[] {
  if (event.type === "Applied") {
    const predecessor = event.data.predecessorAgreementId;
    return predecessor === undefined
      ? []
      : [{ field: "data.predecessorAgreementId", agreementId: predecessor, role: PREDECESSOR }];
  }
  if (event.type === "Evaluated")
    return event.data.scope.flatMap((id, i) =>
      id === agreementId ? [] : [{ field: `data.scope.${i}`, agreementId: id, role: COVERED }],
    );
  return [];
}

/** The ids {@link referencesOf} names: a reference rule's `referencedAgreementIds`. */
export function referencedAgreementIds(input: RuleInput): string[] {
  return referencesOf(input).map((r) => r.agreementId);
}

/** The partnership an agreement belongs to: authority (public parties), organisation, partnership id. */
export interface Partnership {
  readonly organisationNumber: string;
  readonly partnershipId: string | undefined;
  readonly publicParties: readonly string[];
}

/** The partnership of the agreement the command is on: the application's, else the state's. */
export function partnershipOf({ event, state }: RuleInput): Partnership | undefined {
  if (event.type === "Applied")
    return {
      organisationNumber: event.data.organisation.organisationNumber,
      partnershipId: event.data.partnershipId,
      publicParties: event.data.publicParties.map((p) => p.name),
    };
  if (state.organisation === undefined) return undefined;
  return {
    organisationNumber: state.organisation.organisationNumber,
    partnershipId: state.partnershipId,
    publicParties: state.publicParties.map((p) => p.name),
  };
}

/** How a referenced agreement is outside the partnership; checked in this order. */
export type PartnershipDifference = "other-organisation" | "other-partnership" | "other-public-party";

/**
 * Which public parties are one body over time: `related(a, b)` when the names are the same, or
 * one took over the other's agreements through successions (following chains A → B → C). Two
 * councils merged into a third are each related to the third, not to each other.
 */
export function publicPartyLineage(
  successions: readonly PublicPartySuccession[],
): (a: string, b: string) => boolean {
  const next = new Map<string, string[]>();
  for (const { from, to } of successions) {
    const key = normaliseText(from);
    next.set(key, [...(next.get(key) ?? []), normaliseText(to)]);
  }
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>([from]);
    const queue = [from];
    for (let name = queue.shift(); name !== undefined; name = queue.shift())
      for (const successor of next.get(name) ?? []) {
        if (successor === to) return true;
        if (!seen.has(successor)) {
          seen.add(successor);
          queue.push(successor);
        }
      }
    return false;
  };
  return (a, b) => {
    const [x, y] = [normaliseText(a), normaliseText(b)];
    return x === y || reaches(x, y) || reaches(y, x);
  };
}

/**
 * How `other` lies outside `partnership`, or `undefined` when it is of the same one: the same
 * organisation (numbers compared normalised), the same partnership id when both have one, and a
 * public party that is one of this agreement's or its predecessor or successor.
 */
export function partnershipDifference(
  partnership: Partnership,
  other: AgreementSummary,
  related: (a: string, b: string) => boolean,
): PartnershipDifference | undefined {
  if (
    normaliseOrganisationNumber(other.organisationNumber) !==
    normaliseOrganisationNumber(partnership.organisationNumber)
  )
    return "other-organisation";
  if (
    partnership.partnershipId !== undefined &&
    other.partnershipId !== undefined &&
    partnership.partnershipId !== other.partnershipId
  )
    return "other-partnership";
  if (!other.publicParties.some((o) => partnership.publicParties.some((p) => related(o, p))))
    return "other-public-party";
  return undefined;
}

/** The successions a reference rule follows: the lookup's, and those of the agreement itself. */
export function successionsKnown(input: RuleInput, context: RuleContext): PublicPartySuccession[] {
  return [...(context.publicPartySuccessions ?? []), ...input.state.successions];
}
