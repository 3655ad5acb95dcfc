import { addCalendarMonths, type CalendarDate } from "@iop/core";

/** Year arithmetic on `YYYY-MM-DD` calendar dates, on core's zone-free `addCalendarMonths`. */

/** Adds whole years; 29 February becomes 28 February in a year that is not a leap year. */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  return addCalendarMonths(date, years * 12);
}

/** The date `day` of `month` (1–12) in `year`, clamped to the month's last day (31 April → 30 April). */
export function calendarDateOf(year: number, month: number, day: number): CalendarDate {
  // January has every day from 1 to 31, so moving on from it clamps the day as addCalendarMonths does.
  const january = `${String(year).padStart(4, "0")}-01-${String(day).padStart(2, "0")}`;
  return addCalendarMonths(january, month - 1);
}

/** The year of a calendar date. */
export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}
