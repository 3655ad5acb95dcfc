import {
  hasValidCheckDigit,
  isParsed,
  luhnCheckDigit,
  parseOrganisationNumber,
} from "../organisation-number/organisation-number.js";
import { defineRule, noParameters } from "../rule.js";
import { violation } from "../violation.js";

/** Code of {@link orgNumberCheckDigitRule}. */
export const ORG_NUMBER_CHECK_DIGIT = "ORG_NUMBER_CHECK_DIGIT";

/**
 * The last digit of the organisation's number must be the Luhn check digit of the other nine.
 * A number that is not well-formed is left to {@link orgNumberFormatRule}, so one typo gives
 * one violation.
 */
export const orgNumberCheckDigitRule = defineRule({
  code: ORG_NUMBER_CHECK_DIGIT,
  description: {
    sv: "Organisationsnumrets sista siffra är en korrekt kontrollsiffra (Luhn-algoritmen)",
    en: "The organisation number's last digit is a correct check digit (Luhn algorithm)",
  },
  source: "Skatteverket, Organisationsnummer (SKV 709): the tenth digit is a Luhn (mod 10) check digit",
  defaultSeverity: "error",
  appliesTo: ["Applied"],
  parameters: noParameters,
  check({ event }) {
    if (event.type !== "Applied") return [];
    const written = event.data.organisation.organisationNumber;
    const parsed = parseOrganisationNumber(written);
    if (!isParsed(parsed) || hasValidCheckDigit(parsed.digits)) return [];
    const expected = luhnCheckDigit(parsed.digits.slice(0, 9));
    return [
      violation(ORG_NUMBER_CHECK_DIGIT, "error", "data.organisation.organisationNumber", {
        sv: `Kontrollsiffran i "${written}" stämmer inte (den borde vara ${expected}): numret är felskrivet`,
        en: `The check digit of "${written}" is wrong (it should be ${expected}): the number is mistyped`,
      }),
    ];
  },
});
