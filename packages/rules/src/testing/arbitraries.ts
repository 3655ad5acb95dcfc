import { addCalendarDays, type CalendarDate } from "@iop/core";
import fc from "fast-check";
import { luhnCheckDigit } from "../organisation-number/organisation-number.js";

/** fast-check arbitraries shared by the tests. */

/** Ten digits of a valid organisation number in one of `groups` (first digit). */
export function organisationDigits(groups: readonly number[] = [1, 3, 5, 6, 7, 8, 9]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...groups),
      fc.integer({ min: 0, max: 9 }),
      fc.integer({ min: 20, max: 99 }),
      fc.integer({ min: 0, max: 99_999 }),
    )
    .map(([group, second, middle, rest]) => {
      const nine = `${group}${second}${middle}${String(rest).padStart(5, "0")}`;
      return `${nine}${luhnCheckDigit(nine)}`;
    });
}

/** The ways one organisation number may be written. */
export const writtenForms = ["NNNNNN-NNNN", "NNNNNNNNNN", "16NNNNNN-NNNN", "16NNNNNNNNNN"] as const;

/** Writes ten digits in one of the accepted forms. */
export function write(digits: string, form: (typeof writtenForms)[number]): string {
  const hyphenated = `${digits.slice(0, 6)}-${digits.slice(6)}`;
  switch (form) {
    case "NNNNNN-NNNN":
      return hyphenated;
    case "NNNNNNNNNN":
      return digits;
    case "16NNNNNN-NNNN":
      return `16${hyphenated}`;
    case "16NNNNNNNNNN":
      return `16${digits}`;
  }
}

/** A valid organisation number, written in any accepted form. */
export function organisationNumber(groups?: readonly number[]): fc.Arbitrary<string> {
  return fc.tuple(organisationDigits(groups), fc.constantFrom(...writtenForms)).map(([d, f]) => write(d, f));
}

/** A calendar date from `from` to `from + days`. */
export function dateFrom(from: CalendarDate, days: number): fc.Arbitrary<CalendarDate> {
  return fc.integer({ min: 0, max: days }).map((n) => addCalendarDays(from, n));
}
