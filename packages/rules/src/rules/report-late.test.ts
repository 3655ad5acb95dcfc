import { describe, expect, it } from "vitest";
import { configure } from "../rule-set.js";
import { apply, check, grant, inputOf, sign } from "../testing/builders.js";
import { REPORT_LATE, reportDeadline, reportLateRule } from "./report-late.js";

const set = [{ rule: reportLateRule }];
const signed = [apply(), grant(), sign()] as const;
const report = (reportedOn: string, end = "2022-12-31") =>
  inputOf({ type: "ReportPeriod", data: { reportedOn, period: { start: "2022-04-01", end } } }, ...signed);

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

  it("uses a configured deadline", async () => {
    const twoMonths = configure(set, REPORT_LATE, {
      params: { deadline: { kind: "after-period-end", months: 2, days: 0 } },
    });
    expect(await check(twoMonths, report("2022-08-31", "2022-06-30"))).toHaveLength(1);
    expect(await check(twoMonths, report("2022-08-30", "2022-06-30"))).toEqual([]);
  });
});
