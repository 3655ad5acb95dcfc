import { type CalendarDate, isCalendarDate } from "@iop/core";

/**
 * The two clocks a query can be asked on.
 *
 * - `asOf` — **business time**, a calendar date: the world as the documents had made it by the end
 *   of that day. A fact counts from its own business date (an application from the day it was
 *   received, a decision from its decision date, a signing from the day it was signed, a report
 *   from the day it was handed in, a succession from its effective date). A grant decided on
 *   2022-03-24 for 2022-01-01 → 2022-12-31 does not count as of 2022-02-15, though its period
 *   covers that day.
 * - `knownAt` — **record time**, an instant: what the system held then. Only events whose
 *   `recordedAt` is at or before it count, however far back their business dates go.
 *
 * Leaving a clock out means "no limit": everything decided, everything recorded.
 */
export interface Clocks {
  readonly asOf?: CalendarDate;
  /** A `Date` or an ISO 8601 instant with time and zone (`2022-03-28T12:00:00Z`). */
  readonly knownAt?: Date | string;
}

/** {@link Clocks} checked once: the business date and the record-time limit in epoch milliseconds. */
export interface CheckedClocks {
  readonly asOf: CalendarDate | null;
  readonly knownAtMs: number | null;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The epoch milliseconds of a `knownAt` value.
 * @throws {RangeError} for an invalid `Date`, or a string that is not an instant with a time and
 *   zone — a bare calendar date is refused because "known on 2022-03-24" is ambiguous (start or
 *   end of the day? in which zone?).
 */
export function instantMs(value: Date | string, field = "knownAt"): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new RangeError(`${field} is an invalid Date`);
    return ms;
  }
  if (typeof value !== "string" || !INSTANT.test(value) || !Number.isFinite(Date.parse(value)))
    throw new RangeError(
      `${field} must be an instant with time and zone such as "2022-03-28T12:00:00Z" (got ${JSON.stringify(value)})`,
    );
  return Date.parse(value);
}

/**
 * Checks the clocks of a query.
 * @throws {RangeError} when `asOf` is not a real `YYYY-MM-DD` date or `knownAt` not an instant.
 */
export function checkClocks(clocks: Clocks = {}): CheckedClocks {
  const { asOf, knownAt } = clocks;
  if (asOf !== undefined && !isCalendarDate(asOf))
    throw new RangeError(`asOf must be a calendar date written YYYY-MM-DD (got ${JSON.stringify(asOf)})`);
  return { asOf: asOf ?? null, knownAtMs: knownAt === undefined ? null : instantMs(knownAt) };
}

/** True when an event recorded at `recordedAt` (ISO 8601, UTC) was known at the clocks' record time. */
export function isKnown(recordedAt: string, clocks: CheckedClocks): boolean {
  return clocks.knownAtMs === null || Date.parse(recordedAt) <= clocks.knownAtMs;
}

/** True when a fact with business date `on` counts as of the clocks' business date. */
export function hasHappened(on: CalendarDate, clocks: CheckedClocks): boolean {
  return clocks.asOf === null || on <= clocks.asOf;
}

/** True when a fact counts on both clocks. */
export function counts(
  fact: { readonly on: CalendarDate; readonly recordedAt: string },
  clocks: CheckedClocks,
): boolean {
  return hasHappened(fact.on, clocks) && isKnown(fact.recordedAt, clocks);
}
