import { maxDate, minDate, type Period } from "@iop/core";

/** One calendar year's part of a period. */
export type YearPart = { readonly year: number; readonly period: Period };

/**
 * A period cut at each new year, in order: its part of every calendar year it touches
 * (2019-06-01 → 2020-08-31 is 2019-06-01 → 2019-12-31 and 2020-01-01 → 2020-08-31). Funding
 * spreads a grant over these parts; an annual report is owed for each.
 */
export function calendarYears(period: Period): YearPart[] {
  const parts: YearPart[] = [];
  for (let year = Number(period.start.slice(0, 4)); year <= Number(period.end.slice(0, 4)); year++) {
    parts.push({
      year,
      period: { start: maxDate(period.start, `${year}-01-01`), end: minDate(period.end, `${year}-12-31`) },
    });
  }
  return parts;
}
