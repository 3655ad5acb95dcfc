import {
  hasValidCheckDigit,
  isParsed,
  PUBLIC_BODY_GROUP,
  parseOrganisationNumber,
} from "../organisation-number/organisation-number.js";
import { defineRule, noParameters } from "../rule.js";
import { violation } from "../violation.js";

/** Code of {@link orgNumberPublicBodyRule}. */
export const ORG_NUMBER_PUBLIC_BODY = "ORG_NUMBER_PUBLIC_BODY";

/**
 * The non-profit party must not be a public body: an organisation number in group 2 belongs to
 * the state, a region or a municipality, and an IOP is a partnership with civil society. Only a
 * valid number is judged (format and check digit), so one typo gives one violation.
 */
export const orgNumberPublicBodyRule = defineRule({
  code: ORG_NUMBER_PUBLIC_BODY,
  description: {
    sv: "Den idéburna parten är inte en offentlig aktör (organisationsnummer i grupp 2)",
    en: "The non-profit party is not a public body (organisation number in group 2)",
  },
  source:
    "Skatteverket, Organisationsnummer (SKV 709): group 2 = state, regions, municipalities; IOP is a partnership between a public body and an idéburen organisation (SOU 2019:56)",
  defaultSeverity: "error",
  appliesTo: ["Applied"],
  parameters: noParameters,
  check({ event }) {
    if (event.type !== "Applied") return [];
    const { name, organisationNumber } = event.data.organisation;
    const parsed = parseOrganisationNumber(organisationNumber);
    // A number with a wrong check digit is left to the check-digit rule: any digit, the group
    // included, may be the mistyped one.
    if (!isParsed(parsed) || !hasValidCheckDigit(parsed.digits) || parsed.group !== PUBLIC_BODY_GROUP)
      return [];
    return [
      violation(ORG_NUMBER_PUBLIC_BODY, "error", "data.organisation.organisationNumber", {
        sv: `${name} (${organisationNumber}) har ett organisationsnummer i grupp 2 (stat, region eller kommun) och kan inte vara den idéburna parten`,
        en: `${name} (${organisationNumber}) has an organisation number in group 2 (state, region or municipality) and cannot be the non-profit party`,
      }),
    ];
  },
});
