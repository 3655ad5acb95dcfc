import { addCalendarDays, type Period } from "@iop/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { yearOf } from "../dates.js";
import { configure } from "../rule-set.js";
import { dateFrom } from "../testing/arbitraries.js";
import { apply, check, grant, inputOf, sign } from "../testing/builders.js";
import { REPORT_LATE, type ReportDeadline, reportDeadline, reportLateRule } from "./report-late.js";

const set = [{ rule: reportLateRule }];
const signed = [apply(), grant(), sign()] as const;
const reportOn = (reportedOn: string, period: Period) =>
  inputOf({ type: "ReportPeriod", data: { reportedOn, period } }, ...signed);
const report = (reportedOn: string, end = "2022-12-31") => reportOn(reportedOn, { start: "2022-04-01", end });

const deadlines: fc.Arbitrary<ReportDeadline> = fc.oneof(
  fc.record({
    kind: fc.constant("following-year" as const),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  }),
  fc.record({
    kind: fc.constant("after-period-end" as const),
    months: fc.integer({ min: 0, max: 12 }),
    days: fc.integer({ min: 0, max: 90 }),
  }),
);

describe(REPORT_LATE, () => {
  it("is due by the end of the first quarter of the following year", () => {
    const q1 = reportLateRule.parameters.defaults.deadline;
    expect(reportDeadline("2022-12-31", q1)).toBe("2023-03-31");
    expect(reportDeadline("2020-08-31", q1)).toBe("2021-03-31");
    expect(reportDeadline("2023-02-28", { kind: "following-year", month: 2, day: 31 })).toBe("2024-02-29");
    expect(reportDeadline("2022-06-30", { kind: "after-period-end", months: 2, days: 0 })).toBe("2022-08-30");
  });

  it("passes a report on the deadline day and warns the day after", async () => {
    expect(await check(set, report("2023-03-31"))).toEqual([]);
    expect(await check(set, report("2023-04-01"))).toEqual([
      {
        code: REPORT_LATE,
        severity: "warning",
        field: "data.reportedOn",
        message: {
          sv: "Rapporten för 2022-04-01 – 2022-12-31 lämnades 2023-04-01, efter tidsfristen 2023-03-31",
          en: "The report on 2022-04-01 – 2022-12-31 was made on 2023-04-01, after its deadline 2023-03-31",
        },
      },
    ]);
  });

  it("property: for any period end and deadline, a report on the last allowed day passes and the next day warns", async () => {
    await fc.assert(
      fc.asyncProperty(dateFrom("2000-01-01", 40 * 365), deadlines, async (end, deadline) => {
        const due = reportDeadline(end, deadline);
        if (deadline.kind === "following-year") {
          // The given day of the given month of the next year, or that month's last day.
          expect(yearOf(due)).toBe(yearOf(end) + 1);
          expect(Number(due.slice(5, 7))).toBe(deadline.month);
          const day = Number(due.slice(8));
          expect(
            day === deadline.day || (day < deadline.day && addCalendarDays(due, 1).endsWith("-01")),
          ).toBe(true);
        } else expect(due >= end).toBe(true);
        const configured = configure(set, REPORT_LATE, { params: { deadline } });
        const period = { start: end, end };
        expect(await check(configured, reportOn(due, period))).toEqual([]);
        const late = await check(configured, reportOn(addCalendarDays(due, 1), period));
        expect(late.map((v) => v.code)).toEqual([REPORT_LATE]);
      }),
      { numRuns: 300 },
    );
  });

  it("uses a configured deadline", async () => {
    const twoMonths = configure(set, REPORT_LATE, {
      params: { deadline: { kind: "after-period-end", months: 2, days: 0 } },
    });
    expect(await check(twoMonths, report("2022-08-31", "2022-06-30"))).toHaveLength(1);
    expect(await check(twoMonths, report("2022-08-30", "2022-06-30"))).toEqual([]);
  });
});
