import { UTCDate } from "@date-fns/utc";
import { addDays, addMonths, differenceInCalendarDays, format } from "date-fns";
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

/**
 * Parses `YYYY-MM-DD` as midnight UTC; `undefined` for anything that is not a real day. UTC, not
 * local time: a local calendar skips days (Samoa went from 2011-12-29 to 2011-12-31) and hours,
 * so local arithmetic can land on the wrong day wherever the code happens to run.
 */
function toDate(value: string): UTCDate | undefined {
  if (!isRealDay(value)) return undefined;
  const date = new UTCDate(0);
  // setFullYear, not the constructor: the constructor reads years 0–99 as 1900–1999.
  date.setFullYear(digitsAt(value, 0, 4), digitsAt(value, 5, 2) - 1, digitsAt(value, 8, 2));
  return date;
}

/** The calendar date of a UTC date; refuses one outside years 0000–9999, which has no such form. */
function fromDate(date: UTCDate): CalendarDate {
  const value = format(date, FORMAT);
  if (!isRealDay(value)) throw new RangeError(`the date falls outside the years 0000–9999 (${value})`);
  return value;
}

/** True when `value` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === "string" && isRealDay(value);
}

/** Zod schema for a {@link CalendarDate}. */
export const calendarDate = z
  .string()
  .refine(isCalendarDate, { message: "must be a real calendar date written YYYY-MM-DD" });

function mustParse(value: CalendarDate): UTCDate {
  const date = toDate(value);
  if (date === undefined) throw new RangeError(`not a calendar date: ${JSON.stringify(value)}`);
  return date;
}

/**
 * Adds whole days to a calendar date (negative to go back).
 * @throws {RangeError} for a value that is not a calendar date, or a result outside 0000–9999.
 */
export function addCalendarDays(value: CalendarDate, days: number): CalendarDate {
  return fromDate(addDays(mustParse(value), days));
}

/**
 * Adds whole months (negative to go back). The day is kept, or clamped to the last day of a
 * shorter month: 2022-01-31 + 1 month = 2022-02-28.
 * @throws {RangeError} like {@link addCalendarDays}.
 */
export function addCalendarMonths(value: CalendarDate, months: number): CalendarDate {
  return fromDate(addMonths(mustParse(value), months));
}

/**
 * Whole days from `from` to `to`: 1 from a day to the next, negative when `to` comes first.
 * @throws {RangeError} for a value that is not a calendar date.
 */
export function calendarDaysBetween(from: CalendarDate, to: CalendarDate): number {
  return differenceInCalendarDays(mustParse(to), mustParse(from));
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
