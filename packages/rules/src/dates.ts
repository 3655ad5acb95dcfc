import { addCalendarDays, type CalendarDate } from "@iop/core";

/**
 * Calendar arithmetic on `YYYY-MM-DD` strings, in integers only: no `Date`, no time zone, so
 * a rule gives the same answer wherever and whenever it runs.
 */

function parts(date: CalendarDate): [number, number, number] {
  const [y, m, d] = date.split("-").map(Number);
  if (y === undefined || m === undefined || d === undefined)
    throw new RangeError(`not a calendar date: ${date}`);
  return [y, m, d];
}

/** Days in month `month` (1–12) of `year`, leap years included. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Writes a calendar date from its parts; the day is clamped to the month's last day. */
export function calendarDateOf(year: number, month: number, day: number): CalendarDate {
  const clamped = Math.min(day, daysInMonth(year, month));
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(clamped).padStart(2, "0")}`;
}

/**
 * Adds whole months. The day is kept, or clamped to the last day of a shorter month
 * (2022-01-31 + 1 month = 2022-02-28), as date-fns `addMonths` does.
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  return calendarDateOf(Math.floor(index / 12), (((index % 12) + 12) % 12) + 1, d);
}

/** Adds whole years; 29 February becomes 28 February in a year that is not a leap year. */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  return addMonths(date, years * 12);
}

/** Adds whole days (negative to go back). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return addCalendarDays(date, days);
}

/** The year of a calendar date. */
export function yearOf(date: CalendarDate): number {
  return parts(date)[0];
}
