import { z } from "zod";
import { type CalendarDate, calendarDate, calendarDaysBetween } from "./calendar-date.js";

/** A closed range of calendar dates, both ends included. */
export const period = z
  .object({ start: calendarDate, end: calendarDate })
  .refine((p) => p.start <= p.end, { message: "must not be before the start", path: ["end"] });

/** A closed range of calendar dates, both ends included. */
export type Period = z.infer<typeof period>;

/** True when `date` falls inside `p` (both ends included). */
export function periodContains(p: Period, date: CalendarDate): boolean {
  return p.start <= date && date <= p.end;
}

/** True when `inner` lies wholly inside `outer`. */
export function periodCovers(outer: Period, inner: Period): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** True when the two periods share at least one day. */
export function periodsOverlap(a: Period, b: Period): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Number of days in the period, both ends counted. */
export function periodDays(p: Period): number {
  return calendarDaysBetween(p.start, p.end) + 1;
}
