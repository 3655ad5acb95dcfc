import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addCalendarDays,
  addCalendarMonths,
  calendarDateOfUtc,
  calendarDaysBetween,
  isCalendarDate,
} from "./calendar-date.js";
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
      { numRuns: propertyRuns(2000) },
    );
  });

  it("counts the days of a period with both ends, across leap days and time-zone changes", () => {
    expect(periodDays({ start: "2022-01-01", end: "2022-12-31" })).toBe(365);
    expect(periodDays({ start: "2024-01-01", end: "2024-12-31" })).toBe(366);
    expect(periodDays({ start: "2022-03-27", end: "2022-03-27" })).toBe(1);
    expect(periodDays({ start: "2019-06-01", end: "2020-08-31" })).toBe(458);
  });

  it("adds months, clamping to the month's end", () => {
    expect(addCalendarMonths("2022-01-31", 1)).toBe("2022-02-28");
    expect(addCalendarMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addCalendarMonths("2022-03-31", -1)).toBe("2022-02-28");
    expect(addCalendarMonths("0099-12-15", 1)).toBe("0100-01-15");
    expect(() => addCalendarDays("9999-12-31", 1)).toThrow(RangeError);
    expect(() => addCalendarMonths("2022-02-30", 1)).toThrow(RangeError);
  });

  // Samoa skipped 2011-12-30; São Paulo's summer time began at midnight; Lord Howe moves 30 minutes.
  it.each(["Pacific/Apia", "America/Sao_Paulo", "Australia/Lord_Howe", "Europe/Stockholm", "Asia/Kolkata"])(
    "counts the same days wherever the code runs (TZ=%s)",
    (zone) => {
      const before = process.env.TZ;
      process.env.TZ = zone;
      try {
        expect(addCalendarDays("2011-12-29", 1)).toBe("2011-12-30");
        expect(addCalendarDays("2011-12-31", -1)).toBe("2011-12-30");
        expect(calendarDaysBetween("2011-12-29", "2011-12-31")).toBe(2);
        expect(addCalendarDays("2018-11-03", 1)).toBe("2018-11-04");
        expect(periodDays({ start: "2011-12-01", end: "2011-12-31" })).toBe(31);
        expect(addCalendarMonths("2011-11-30", 1)).toBe("2011-12-30");
        fc.assert(
          fc.property(
            fc.integer({ min: 0, max: 200_000 }),
            fc.integer({ min: -400, max: 400 }),
            (n, days) => {
              const day = calendarDateOfUtc(new Date(Date.UTC(1900, 0, 1) + n * 86_400_000));
              const moved = addCalendarDays(day, days);
              expect(calendarDaysBetween(day, moved)).toBe(days);
              expect(calendarDateOfUtc(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000))).toBe(
                moved,
              );
            },
          ),
          { numRuns: propertyRuns(300) },
        );
      } finally {
        if (before === undefined) delete process.env.TZ;
        else process.env.TZ = before;
      }
    },
  );
});
