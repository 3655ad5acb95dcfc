import type { CalendarDate } from "@iop/core";
import { addMonths as addMonthsToDate, formatISO, parseISO } from "date-fns";

/**
 * Month and year arithmetic on `YYYY-MM-DD` calendar dates, by date-fns; days are core's
 * `addCalendarDays`. As in the core, a date is read as local midnight and written back in the same
 * zone, so the day does not drift with the time zone or a summer-time change at midnight. (A zone
 * that skipped a whole calendar day, as Samoa did on 2011-12-30, cannot land on that day.)
 */

/**
 * Adds whole months (negative to go back). The day is kept, or clamped to the last day of a
 * shorter month: 2022-01-31 + 1 month = 2022-02-28.
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  return formatISO(addMonthsToDate(parseISO(date), months), { representation: "date" });
}

/** Adds whole years; 29 February becomes 28 February in a year that is not a leap year. */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  return addMonths(date, years * 12);
}

/** The date `day` of `month` (1–12) in `year`, clamped to the month's last day (31 April → 30 April). */
export function calendarDateOf(year: number, month: number, day: number): CalendarDate {
  // January has every day from 1 to 31, so moving on from it clamps the day as addMonths does.
  const january = `${String(year).padStart(4, "0")}-01-${String(day).padStart(2, "0")}`;
  return addMonths(january, month - 1);
}

/** The year of a calendar date. */
export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}
