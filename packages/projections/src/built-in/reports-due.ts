import { type CalendarDate, isCalendarDate, type Period } from "@iop/core";
import { ClockAliasError, type Clocks, checkClocks } from "../clocks.js";
import { dayAfter, dayBefore } from "./agreement-view.js";
import { calendarYears } from "./calendar-years.js";
import { type FactLogState, factLogProjection } from "./fact-log-projection.js";
import type { PartyRef } from "./facts.js";
import { viewsOf } from "./register.js";

/** Reports due: the annual period reports an agreement owes, and which are due or overdue on a day. */
export const reportsDueProjection = factLogProjection("iop.reports-due", 2, [
  "Applied",
  "Granted",
  "Rejected",
  "Withdrawn",
  "Extended",
  "Amended",
  "Terminated",
  "PeriodReported",
  "PublicPartySucceeded",
]);

/** An annual report not handed in, for a part of the agreement that has ended by the query's day. */
export type ReportDue = {
  readonly agreementId: string;
  readonly organisation: PartyRef;
  /** The public parties on the query's day (after successions): who is owed the report. */
  readonly publicParties: readonly string[];
  readonly year: number;
  /** The part of the agreement's days in that year. */
  readonly period: Period;
  readonly dueOn: CalendarDate;
  /** `due` up to and including `dueOn`, `overdue` after. */
  readonly status: "due" | "overdue";
};

/**
 * Options of {@link readReportsDue}: the {@link Clocks}, of which `inForceOn` — the day asked
 * about — is required (or its alias `asOf`).
 */
export type ReportsDueOptions = Clocks & {
  /**
   * The day asked about, and the `decidedBy` horizon on the same day.
   * @deprecated Use `inForceOn` (and `decidedBy` for the horizon).
   */
  readonly on?: CalendarDate;
  /**
   * The report for year N is due by the end of this many months after N ends: 3 (the default)
   * is the end of the first quarter of N + 1, as in the Husby agreements; 0 is the year's last day.
   */
  readonly dueMonthsAfterYearEnd?: number;
};

/**
 * The last day of the `monthsAfter`-th month after `year` ends: 0 is 31 December of `year`, 3 the
 * end of March of `year + 1`.
 */
export function dueDate(year: number, monthsAfter: number): CalendarDate {
  // The day before the first day of the month after that one.
  const y = year + 1 + Math.floor(monthsAfter / 12);
  const m = (monthsAfter % 12) + 1;
  return dayBefore(`${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-01`);
}

/** True when the reported periods together cover every day of `period`. */
export function covered(period: Period, reported: readonly Period[]): boolean {
  let next = period.start;
  for (const r of [...reported].sort((a, b) => a.start.localeCompare(b.start))) {
    if (r.start > next) break;
    if (r.end >= next) {
      if (r.end >= period.end) return true;
      next = dayAfter(r.end);
    }
  }
  return false;
}

/**
 * The annual reports due or overdue on the day `inForceOn`: for each agreement granted (by a
 * decision that counts on `decidedBy` and `recordedBy`, and not withdrawn), each calendar year's
 * part of its period (up to a termination) that has ended by that day, unless the reports that
 * count together cover it. A report for year N is due by the end of the `dueMonthsAfterYearEnd`-th
 * month after N. Ordered by due date, then agreement.
 * @throws {RangeError} for a missing or bad day, a bad clock or month count;
 *   {@link ClockAliasError} for `on` or `asOf` given with a clock they stand for.
 */
export function readReportsDue(state: FactLogState, options: ReportsDueOptions): ReportDue[] {
  const { on: alias, dueMonthsAfterYearEnd, ...rest } = options;
  if (alias !== undefined && !isCalendarDate(alias))
    throw new RangeError(`on must be a calendar date written YYYY-MM-DD (got ${JSON.stringify(alias)})`);
  for (const field of ["asOf", "inForceOn", "decidedBy"] as const)
    if (alias !== undefined && rest[field] !== undefined) throw new ClockAliasError("on", field);
  const clocks = checkClocks(alias === undefined ? rest : { ...rest, asOf: alias });
  const on = clocks.inForceOn;
  if (on === null) throw new RangeError("inForceOn is required: the day the reports are due on");
  const months = dueMonthsAfterYearEnd ?? 3;
  if (!Number.isSafeInteger(months) || months < 0 || months > 1200)
    throw new RangeError("dueMonthsAfterYearEnd must be an integer from 0 to 1200");
  const due: ReportDue[] = [];
  for (const view of viewsOf(state, clocks)) {
    const { period, runsUntil } = view;
    if (period === null || runsUntil === null || view.dates.grantedOn === null) continue;
    if (view.status === "withdrawn" || view.status === "rejected") continue;
    // A termination that took effect before the period began leaves no days to report on.
    if (runsUntil < period.start) continue;
    const reported = view.reports.map((r) => r.period);
    for (const slice of calendarYears({ start: period.start, end: runsUntil })) {
      if (slice.period.end >= on || covered(slice.period, reported)) continue;
      const dueOn = dueDate(slice.year, months);
      due.push({
        agreementId: view.agreementId,
        organisation: view.organisation,
        publicParties: view.publicParties.map((p) => p.name),
        year: slice.year,
        period: slice.period,
        dueOn,
        status: on <= dueOn ? "due" : "overdue",
      });
    }
  }
  return due.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.agreementId.localeCompare(b.agreementId));
}
