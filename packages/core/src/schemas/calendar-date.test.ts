import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addCalendarDays, calendarDateOfUtc, isCalendarDate } from "./calendar-date.js";
import { periodDays } from "./period.js";

describe("calendar dates", () => {
  it.each([
    "2022-02-30",
    "2023-02-29",
    "1900-02-29",
    "2022-13-01",
    "2022-00-10",
    "2022-04-31",
    "2022-1-01",
    "22-01-01",
    "2022-01-01T00:00:00Z",
    "",
  ])("refuses %j", (value) => expect(isCalendarDate(value)).toBe(false));

  it.each(["2024-02-29", "2000-02-29", "2022-12-31", "0001-01-01", "9999-12-31"])("accepts %j", (value) =>
    expect(isCalendarDate(value)).toBe(true),
  );

  it("agrees with the calendar for every day of four centuries' worth of samples", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1600-01-01T00:00:00Z"),
          max: new Date("2400-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        (instant) => {
          const day = calendarDateOfUtc(instant);
          expect(isCalendarDate(day)).toBe(true);
          // The day after the last of a month is the first of the next: no day is skipped or invented.
          const next = addCalendarDays(day, 1);
          expect(isCalendarDate(next)).toBe(true);
          expect(calendarDateOfUtc(new Date(instant.getTime() + 86_400_000))).toBe(next);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("counts the days of a period with both ends, across leap days and time-zone changes", () => {
    expect(periodDays({ start: "2022-01-01", end: "2022-12-31" })).toBe(365);
    expect(periodDays({ start: "2024-01-01", end: "2024-12-31" })).toBe(366);
    expect(periodDays({ start: "2022-03-27", end: "2022-03-27" })).toBe(1);
    expect(periodDays({ start: "2019-06-01", end: "2020-08-31" })).toBe(458);
  });
});
