import { addCalendarMonths } from "@iop/core";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { addYears, calendarDateOf, yearOf } from "./dates.js";
import { dateFrom } from "./testing/arbitraries.js";

const zoneAtStart = process.env.TZ;

describe("calendar arithmetic", () => {
  afterEach(() => {
    if (zoneAtStart === undefined) delete process.env.TZ;
    else process.env.TZ = zoneAtStart;
  });

  it("adds months, clamping to the end of shorter months", () => {
    expect(addCalendarMonths("2022-01-01", 36)).toBe("2025-01-01");
    expect(addCalendarMonths("2022-01-31", 1)).toBe("2022-02-28");
    expect(addCalendarMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addCalendarMonths("2022-11-15", 2)).toBe("2023-01-15");
    expect(addCalendarMonths("2023-03-31", -1)).toBe("2023-02-28");
  });

  it("adds years", () => {
    expect(addYears("2024-02-29", -3)).toBe("2021-02-28");
    expect(addYears("2022-03-24", -3)).toBe("2019-03-24");
  });

  it("writes a date from its parts, clamping the day, and reads its year", () => {
    expect(calendarDateOf(2023, 2, 31)).toBe("2023-02-28");
    expect(calendarDateOf(2024, 2, 31)).toBe("2024-02-29");
    expect(calendarDateOf(2023, 4, 31)).toBe("2023-04-30");
    expect(calendarDateOf(2023, 12, 31)).toBe("2023-12-31");
    expect(yearOf("2023-07-01")).toBe(2023);
  });

  it("property: the same answer in every time zone, those whose summer time skips midnight included", () => {
    // Samoa (Pacific/Apia) skipped 2011-12-30 altogether.
    const zones = [
      "UTC",
      "Pacific/Apia",
      "Europe/Stockholm",
      "America/Sao_Paulo",
      "Asia/Beirut",
      "America/Havana",
      "America/Santiago",
    ];
    fc.assert(
      fc.property(dateFrom("1990-01-01", 60 * 365), fc.integer({ min: -120, max: 120 }), (date, months) => {
        const answers = zones.map((zone) => {
          process.env.TZ = zone;
          return addCalendarMonths(date, months);
        });
        expect(new Set(answers).size).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});
