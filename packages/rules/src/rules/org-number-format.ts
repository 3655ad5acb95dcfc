import { isParsed, parseOrganisationNumber } from "../organisation-number/organisation-number.js";
import { defineRule, noParameters } from "../rule.js";
import { violation } from "../violation.js";

/** Code of {@link orgNumberFormatRule}. */
export const ORG_NUMBER_FORMAT = "ORG_NUMBER_FORMAT";

const FIELD = "data.organisation.organisationNumber";

/**
 * The organisation's number must be written as an organisation number: ten digits with an
 * optional hyphen before the last four (`802400-1235`), optionally prefixed `16`, and digits
 * 3–4 at least 20 (otherwise it is a personal identity number, not an organisation's).
 */
export const orgNumberFormatRule = defineRule({
  code: ORG_NUMBER_FORMAT,
  description: {
    sv: "Organisationsnumret har formen NNNNNN-NNNN (valfritt bindestreck och prefix 16) och siffra 3–4 är minst 20",
    en: "The organisation number reads NNNNNN-NNNN (hyphen and 16 prefix optional) and digits 3–4 are at least 20",
  },
  source:
    "Skatteverket, Organisationsnummer (SKV 709); lag (1974:174) om identitetsbeteckning för juridiska personer",
  defaultSeverity: "error",
  appliesTo: ["Applied"],
  parameters: noParameters,
  check({ event }) {
    if (event.type !== "Applied") return [];
    const written = event.data.organisation.organisationNumber;
    const parsed = parseOrganisationNumber(written);
    if (isParsed(parsed)) return [];
    return [
      violation(
        ORG_NUMBER_FORMAT,
        "error",
        FIELD,
        parsed.problem === "shape"
          ? {
              sv: `"${written}" är inte ett organisationsnummer: det ska vara tio siffror, NNNNNN-NNNN (bindestreck och prefixet 16 är valfria)`,
              en: `"${written}" is not an organisation number: it must be ten digits, NNNNNN-NNNN (hyphen and the 16 prefix optional)`,
            }
          : {
              sv: `"${written}" har siffra 3–4 under 20: det är ett personnummer, inte ett organisationsnummer`,
              en: `"${written}" has digits 3–4 below 20: that is a personal identity number, not an organisation number`,
            },
      ),
    ];
  },
});
