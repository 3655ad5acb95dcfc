import { type CalendarDate, isCalendarDate } from "@iop/core";

/**
 * The three clocks a query can be asked on, freely combined. Leaving one out means "no limit":
 * the newest knowledge.
 *
 * - `inForceOn` — **the agreement's own days**, a calendar date: the day asked about. An agreement
 *   is in force on it when the day lies in its period as granted, extended and amended, up to a
 *   termination's effective day.
 * - `decidedBy` — **decision time**, a calendar date: only facts whose business date is on or
 *   before it count (an application from the day it was received, a decision from its decision
 *   date, a signing from the day it was signed, a report from the day it was handed in, a
 *   succession from its effective date).
 * - `recordedBy` — **record time**, an instant: only events whose `recordedAt` is at or before it
 *   count, however far back their business dates go.
 *
 * A retroactive grant (decided 2022-03-24 for 2022-01-01 → 2022-12-31) is in force on 2022-02-15
 * when asked with no horizon or `decidedBy: "2022-04-01"`, and not with `decidedBy: "2022-02-15"`
 * — nor with a `recordedBy` before the grant was recorded.
 */
export type Clocks = {
  /** The day asked about (`YYYY-MM-DD`): is the agreement in force then? */
  readonly inForceOn?: CalendarDate;
  /** Only facts with a business date on or before this day (`YYYY-MM-DD`) count. */
  readonly decidedBy?: CalendarDate;
  /** Only events recorded at or before this instant count: a `Date`, or ISO 8601 with time and zone. */
  readonly recordedBy?: Date | string;
  /**
   * `inForceOn` and `decidedBy` on the same day: the world as the documents had made it by the
   * end of that day.
   * @deprecated Use `inForceOn` and `decidedBy`.
   */
  readonly asOf?: CalendarDate;
  /** @deprecated Use `recordedBy`. */
  readonly knownAt?: Date | string;
};

/** {@link Clocks} checked once: the day, the decision date limit and the record-time limit in epoch ms. */
export type CheckedClocks = {
  readonly inForceOn: CalendarDate | null;
  readonly decidedBy: CalendarDate | null;
  readonly recordedByMs: number | null;
};

/** A clock given twice: under its deprecated alias and under its own name. */
export class ClockAliasError extends RangeError {
  override readonly name = "ClockAliasError";
  constructor(
    /** The deprecated name given, e.g. `asOf`. */
    readonly alias: string,
    /** The clock's own name given with it, e.g. `inForceOn`. */
    readonly field: string,
  ) {
    super(`${alias} is a deprecated alias of ${field}: give ${field} alone, not both ${alias} and ${field}`);
  }
}

/** A clock a read does not use, given to it. */
export class ClockNotApplicableError extends RangeError {
  override readonly name = "ClockNotApplicableError";
  constructor(
    readonly field: string,
    /** The read it was given to, e.g. `funding`. */
    readonly read: string,
  ) {
    super(`${field} does not apply to ${read}`);
  }
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The epoch milliseconds of a `recordedBy` value.
 * @throws {RangeError} for an invalid `Date`, or a string that is not an instant with a time and
 *   zone — a bare calendar date is refused because "recorded by 2022-03-24" is ambiguous (start or
 *   end of the day? in which zone?).
 */
export function instantMs(value: Date | string, field = "recordedBy"): number {
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

function date(value: CalendarDate | undefined, field: string): CalendarDate | null {
  if (value === undefined) return null;
  if (!isCalendarDate(value))
    throw new RangeError(
      `${field} must be a calendar date written YYYY-MM-DD (got ${JSON.stringify(value)})`,
    );
  return value;
}

/**
 * Checks the clocks of a query, resolving the deprecated `asOf` and `knownAt`.
 * @throws {ClockAliasError} when an alias is given with its own name (`asOf` with `inForceOn` or
 *   `decidedBy`, `knownAt` with `recordedBy`).
 * @throws {RangeError} when a date is not a real `YYYY-MM-DD` date or `recordedBy` not an instant.
 */
export function checkClocks(clocks: Clocks = {}): CheckedClocks {
  const { asOf, knownAt } = clocks;
  if (asOf !== undefined) {
    if (clocks.inForceOn !== undefined) throw new ClockAliasError("asOf", "inForceOn");
    if (clocks.decidedBy !== undefined) throw new ClockAliasError("asOf", "decidedBy");
  }
  if (knownAt !== undefined && clocks.recordedBy !== undefined)
    throw new ClockAliasError("knownAt", "recordedBy");
  const day = asOf === undefined ? undefined : date(asOf, "asOf");
  const recordedBy = knownAt ?? clocks.recordedBy;
  return {
    inForceOn: day ?? date(clocks.inForceOn, "inForceOn"),
    decidedBy: day ?? date(clocks.decidedBy, "decidedBy"),
    recordedByMs:
      recordedBy === undefined
        ? null
        : instantMs(recordedBy, knownAt === undefined ? "recordedBy" : "knownAt"),
  };
}

/** The clocks of a read that has no day (funding, the audit trail): `asOf` is then `decidedBy` alone. */
export type DecisionClocks = Omit<Clocks, "inForceOn">;

/**
 * Checks the clocks of a read that has no day.
 * @throws {ClockNotApplicableError} for an `inForceOn`; otherwise as {@link checkClocks}.
 */
export function checkDecisionClocks(clocks: DecisionClocks, read: string): CheckedClocks {
  if ((clocks as Clocks).inForceOn !== undefined) throw new ClockNotApplicableError("inForceOn", read);
  return { ...checkClocks(clocks), inForceOn: null };
}

/** True when an event recorded at `recordedAt` (ISO 8601, UTC) counts on the clocks' record time. */
export function isRecorded(recordedAt: string, clocks: CheckedClocks): boolean {
  return clocks.recordedByMs === null || Date.parse(recordedAt) <= clocks.recordedByMs;
}

/** True when a fact with business date `on` counts on the clocks' decision time. */
export function isDecided(on: CalendarDate, clocks: CheckedClocks): boolean {
  return clocks.decidedBy === null || on <= clocks.decidedBy;
}

/** True when a fact counts on both horizons: decided by `decidedBy` and recorded by `recordedBy`. */
export function counts(
  fact: { readonly on: CalendarDate; readonly recordedAt: string },
  clocks: CheckedClocks,
): boolean {
  return isDecided(fact.on, clocks) && isRecorded(fact.recordedAt, clocks);
}
