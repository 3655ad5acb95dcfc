import { addCalendarDays, periodDays } from "@iop/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarYears } from "./calendar-years.js";

describe("calendarYears", () => {
  it("cuts Husby's first agreement at the new year", () => {
    expect(calendarYears({ start: "2019-06-01", end: "2020-08-31" })).toEqual([
      { year: 2019, period: { start: "2019-06-01", end: "2019-12-31" } },
      { year: 2020, period: { start: "2020-01-01", end: "2020-08-31" } },
    ]);
    expect(calendarYears({ start: "2022-03-24", end: "2022-03-24" })).toEqual([
      { year: 2022, period: { start: "2022-03-24", end: "2022-03-24" } },
    ]);
  });

  it("gives one part per year touched, in order, that together are the period day for day", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }),
        fc.nat(2000),
        (day, length) => {
          const start = day.toISOString().slice(0, 10);
          const period = { start, end: addCalendarDays(start, length) };
          const parts = calendarYears(period);
          expect(parts[0]?.period.start).toBe(period.start);
          expect(parts.at(-1)?.period.end).toBe(period.end);
          parts.forEach((part, i) => {
            expect(part.period.start.slice(0, 4)).toBe(String(part.year));
            expect(part.period.end.slice(0, 4)).toBe(String(part.year));
            const next = parts[i + 1];
            if (next !== undefined) {
              expect(next.year).toBe(part.year + 1);
              expect(next.period.start).toBe(addCalendarDays(part.period.end, 1));
            }
          });
          expect(parts.reduce((days, part) => days + periodDays(part.period), 0)).toBe(length + 1);
        },
      ),
    );
  });
});
