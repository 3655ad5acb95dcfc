import { addCalendarDays, addCalendarMonths, type CalendarDate } from "@iop/core";
import { z } from "zod";
import { calendarDateOf, yearOf } from "../dates.js";
import { defineRule } from "../rule.js";
import { violation } from "../violation.js";

/** Code of {@link reportLateRule}. */
export const REPORT_LATE = "REPORT_LATE";

/**
 * When a period report is due:
 * - `following-year`: on a fixed day of the year after the reported period ends (31 March:
 *   end of the first quarter); a day past the month's end is its last day;
 * - `after-period-end`: a number of months and days after the reported period ends.
 */
export type ReportDeadline =
  | { readonly kind: "following-year"; readonly month: number; readonly day: number }
  | { readonly kind: "after-period-end"; readonly months: number; readonly days: number };

/** Parameters of {@link reportLateRule}. */
export interface ReportLateParams {
  readonly deadline: ReportDeadline;
}

/** The last day a report on a period ending `periodEnd` is on time. */
export function reportDeadline(periodEnd: CalendarDate, deadline: ReportDeadline): CalendarDate {
  return deadline.kind === "following-year"
    ? calendarDateOf(yearOf(periodEnd) + 1, deadline.month, deadline.day)
    : addCalendarDays(addCalendarMonths(periodEnd, deadline.months), deadline.days);
}

/**
 * A period report made after its deadline is flagged. By default the report for a period ending
 * in year N is due by 31 March of N+1 (the end of the first quarter), as in Stockholm's
 * agreements; the deadline day itself is on time.
 */
export const reportLateRule = defineRule<ReportLateParams>({
  code: REPORT_LATE,
  description: {
    sv: "Återrapporteringen lämnas senast vid tidsfristen (normalt första kvartalet året efter)",
    en: "The period report is made by its deadline (by default the first quarter of the following year)",
  },
  source:
    "Agreement terms: annual report for year N due in the first quarter of N+1 (Husby Konst- och Hantverksförening, Rinkeby-Kista/Järva, final report 2024)",
  defaultSeverity: "warning",
  appliesTo: ["PeriodReported"],
  parameters: {
    schema: z.object({
      deadline: z.discriminatedUnion("kind", [
        z.object({
          kind: z.literal("following-year"),
          month: z.number().int().min(1).max(12),
          day: z.number().int().min(1).max(31),
        }),
        z.object({
          kind: z.literal("after-period-end"),
          months: z.number().int().nonnegative(),
          days: z.number().int().nonnegative(),
        }),
      ]),
    }),
    defaults: { deadline: { kind: "following-year", month: 3, day: 31 } },
  },
  check({ event }, _context, { deadline }) {
    if (event.type !== "PeriodReported") return [];
    const { reportedOn, period } = event.data;
    const due = reportDeadline(period.end, deadline);
    if (reportedOn <= due) return [];
    return [
      violation(REPORT_LATE, "warning", "data.reportedOn", {
        sv: `Rapporten för ${period.start} – ${period.end} lämnades ${reportedOn}, efter tidsfristen ${due}`,
        en: `The report on ${period.start} – ${period.end} was made on ${reportedOn}, after its deadline ${due}`,
      }),
    ];
  },
});
