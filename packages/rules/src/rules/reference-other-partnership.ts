import { type AgreementSummary, defineRule, noParameters } from "../rule.js";
import { type LocalizedText, violation } from "../violation.js";
import {
  type AgreementReference,
  type Partnership,
  type PartnershipDifference,
  partnershipDifference,
  partnershipOf,
  publicPartyLineage,
  referencedAgreementIds,
  referencesOf,
  successionsKnown,
} from "./references.js";

/** Code of {@link referenceOtherPartnershipRule}. */
export const REFERENCE_OTHER_PARTNERSHIP = "REFERENCE_OTHER_PARTNERSHIP";

/** Why the referenced agreement is of another partnership, in both languages. */
function because(reason: PartnershipDifference, own: Partnership, other: AgreementSummary): LocalizedText {
  switch (reason) {
    case "other-organisation":
      return {
        sv: `tillhör en annan organisation (${other.organisationNumber}, inte ${own.organisationNumber})`,
        en: `belongs to another organisation (${other.organisationNumber}, not ${own.organisationNumber})`,
      };
    case "other-partnership":
      return {
        sv: `tillhör partnerskapet ${other.partnershipId}, inte ${own.partnershipId}`,
        en: `belongs to partnership ${other.partnershipId}, not ${own.partnershipId}`,
      };
    case "other-public-party": {
      const theirs = other.publicParties.join(" / ");
      const ours = own.publicParties.join(" / ");
      return {
        sv: `har den offentliga parten ${theirs}, som varken är ${ours} eller dess föregångare eller efterträdare`,
        en: `has the public party ${theirs}, which is neither ${ours} nor its predecessor or successor`,
      };
    }
  }
}

function outside(
  ref: AgreementReference,
  own: Partnership,
  other: AgreementSummary,
  reason: PartnershipDifference,
) {
  const why = because(reason, own, other);
  return violation(
    REFERENCE_OTHER_PARTNERSHIP,
    "error",
    ref.field,
    {
      sv: `${ref.role.sv} ${ref.agreementId} ${why.sv}: den hör inte till samma partnerskap`,
      en: `${ref.role.en} ${ref.agreementId} ${why.en}: it is not of the same partnership`,
    },
    { agreementId: ref.agreementId, reason },
  );
}

/**
 * An application's predecessor and every other agreement an evaluation covers belong to the
 * same partnership: the same organisation (numbers compared normalised), the same partnership
 * id when both have one, and a public party that is this agreement's or, after a merger, its
 * predecessor or successor (the successions the lookup knows, e.g. Rinkeby-Kista → Järva on
 * 2023-07-01, and the agreement's own). Each reference outside is an error naming its field
 * and, in `details.reason`, what differs: `other-organisation`, `other-partnership` or
 * `other-public-party`. An agreement the lookup does not know is {@link referenceUnknownRule}'s.
 */
export const referenceOtherPartnershipRule = defineRule({
  code: REFERENCE_OTHER_PARTNERSHIP,
  description: {
    sv: "Föregående överenskommelse och de överenskommelser en utvärdering omfattar hör till samma partnerskap",
    en: "The predecessor agreement and the agreements an evaluation covers are of the same partnership",
  },
  source:
    "Data integrity: a partnership is one authority, one organisation and one purpose (Husby 2019–2024)",
  defaultSeverity: "error",
  appliesTo: ["Applied", "Evaluated"],
  referencedAgreementIds,
  parameters: noParameters,
  check(input, context) {
    const own = partnershipOf(input);
    const known = context.referencedAgreements;
    if (own === undefined || known === undefined) return [];
    const related = publicPartyLineage(successionsKnown(input, context));
    return referencesOf(input).flatMap((ref) => {
      const other = known.get(ref.agreementId);
      const reason = other === undefined ? undefined : partnershipDifference(own, other, related);
      return other === undefined || reason === undefined ? [] : [outside(ref, own, other, reason)];
    });
  },
});
