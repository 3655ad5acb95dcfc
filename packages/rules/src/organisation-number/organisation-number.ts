import { ORGANISATION_NUMBER_SHAPE } from "@iop/core";

/**
 * Swedish organisation numbers (organisationsnummer): ten digits `NNNNNN-NNNN`, the hyphen
 * optional, optionally written with the prefix `16` in twelve-digit form; digits 3–4 are at
 * least 20 (which tells them from personal identity numbers, whose digits 3–4 are a month);
 * the last digit is a Luhn check digit; the first digit is the group (2 = state, region or
 * municipality; 7 = economic association; 8 = non-profit association or foundation).
 *
 * Source: Skatteverket, "Organisationsnummer" (SKV 709); Lag (1974:174) om identitetsbeteckning
 * för juridiska personer m.fl.
 */

/** Why a string is not an organisation number in form. */
export type OrganisationNumberFormatProblem = "shape" | "middle-digits";

/** An organisation number that is well-formed (its check digit not yet verified). */
export interface ParsedOrganisationNumber {
  /** The ten digits, without hyphen or prefix. */
  readonly digits: string;
  /** The first digit: the group of legal entity. */
  readonly group: number;
  /** The canonical written form, `NNNNNN-NNNN`. */
  readonly formatted: string;
}

/**
 * Reads the form of an organisation number (not its check digit). Surrounding whitespace is
 * ignored. Returns the parsed number, or the reason it is not one.
 */
export function parseOrganisationNumber(
  value: string,
): ParsedOrganisationNumber | { readonly problem: OrganisationNumberFormatProblem } {
  const match = ORGANISATION_NUMBER_SHAPE.exec(value.trim());
  if (match === null) return { problem: "shape" };
  const digits = `${match[1]}${match[2]}`;
  if (Number(digits.slice(2, 4)) < 20) return { problem: "middle-digits" };
  return { digits, group: Number(digits[0]), formatted: `${match[1]}-${match[2]}` };
}

/** True when {@link parseOrganisationNumber} returned a parsed number. */
export function isParsed(
  result: ReturnType<typeof parseOrganisationNumber>,
): result is ParsedOrganisationNumber {
  return "digits" in result;
}

/**
 * The Luhn (mod 10) check digit of the first nine digits: from the left, digits are weighted
 * 2, 1, 2, 1, …; the digit sums of the products are added; the check digit brings the total to
 * a multiple of ten.
 */
export function luhnCheckDigit(nineDigits: string): number {
  if (!/^\d{9}$/.test(nineDigits)) throw new RangeError(`expected nine digits, got ${nineDigits}`);
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last of the ten digits is the Luhn check digit of the other nine. */
export function hasValidCheckDigit(tenDigits: string): boolean {
  return /^\d{10}$/.test(tenDigits) && luhnCheckDigit(tenDigits.slice(0, 9)) === Number(tenDigits[9]);
}

/** True when `value` is a well-formed organisation number with a correct check digit. */
export function isValidOrganisationNumber(value: string): boolean {
  const parsed = parseOrganisationNumber(value);
  return isParsed(parsed) && hasValidCheckDigit(parsed.digits);
}

/** The organisation-number group of public bodies: state, regions and municipalities. */
export const PUBLIC_BODY_GROUP = 2;
