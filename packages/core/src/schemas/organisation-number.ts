/**
 * The written shape of a Swedish organisation number: ten digits `NNNNNN-NNNN`, the hyphen
 * optional, optionally prefixed `16` in twelve-digit form. Its full validation (digits 3–4, the
 * Luhn check digit, the group) is a rule of `@iop/rules`.
 */
export const ORGANISATION_NUMBER_SHAPE = /^(?:16)?(\d{6})-?(\d{4})$/;

/**
 * The canonical form `NNNNNN-NNNN` of a number of that shape, or the trimmed input when it has
 * another shape; used to match one organisation however its number was written.
 */
export function normaliseOrganisationNumber(value: string): string {
  const trimmed = value.trim();
  const match = ORGANISATION_NUMBER_SHAPE.exec(trimmed);
  return match === null ? trimmed : `${match[1]}-${match[2]}`;
}
