import { addDays, format, isValid, parse } from "date-fns";
import { z } from "zod";

const FORMAT = "yyyy-MM-dd";
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const HYPHEN = 45;

/** The number written by the decimal digits `value[from, from + length)`, or -1 if one is not a digit. */
function digitsAt(value: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Checked by hand, character by character: validation runs on every event read, where date-fns
 * parsing costs microseconds and even a regular expression's match allocates.
 */
function isRealDay(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== HYPHEN || value.charCodeAt(7) !== HYPHEN) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0));
}

/**
 * A calendar date as `YYYY-MM-DD`: no time of day and no time zone, so a date means the
 * same day wherever it is read. Impossible dates such as `2022-02-30` are rejected.
 */
export type CalendarDate = string;

/** Parses `YYYY-MM-DD` as a local date; returns `undefined` for anything that is not a real day. */
function toDate(value: string): Date | undefined {
  if (!isRealDay(value)) return undefined;
  // Local midnight on both sides of every conversion keeps date-fns arithmetic free of zone drift.
  const date = parse(value, FORMAT, new Date(2000, 0, 1));
  return isValid(date) && format(date, FORMAT) === value ? date : undefined;
}

/** True when `value` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === "string" && isRealDay(value);
}

/** Zod schema for a {@link CalendarDate}. */
export const calendarDate = z
  .string()
  .refine(isCalendarDate, { message: "must be a real calendar date written YYYY-MM-DD" });

function mustParse(value: CalendarDate): Date {
  const date = toDate(value);
  if (date === undefined) throw new RangeError(`not a calendar date: ${JSON.stringify(value)}`);
  return date;
}

/** Adds whole days to a calendar date (negative to go back). */
export function addCalendarDays(value: CalendarDate, days: number): CalendarDate {
  return format(addDays(mustParse(value), days), FORMAT);
}

/** The calendar date of a JavaScript `Date`, read in UTC. */
export function calendarDateOfUtc(instant: Date): CalendarDate {
  return instant.toISOString().slice(0, 10);
}

/** Orders two calendar dates: negative, zero or positive like `Array#sort` expects. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The later of two calendar dates. */
export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a >= b ? a : b;
}

/** The earlier of two calendar dates. */
export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a <= b ? a : b;
}
