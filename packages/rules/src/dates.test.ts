import { describe, expect, it } from "vitest";
import { addDays, addMonths, addYears, calendarDateOf, daysInMonth } from "./dates.js";

describe("calendar arithmetic", () => {
  it("adds months, clamping to the end of shorter months", () => {
    expect(addMonths("2022-01-01", 36)).toBe("2025-01-01");
    expect(addMonths("2022-01-31", 1)).toBe("2022-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2022-11-15", 2)).toBe("2023-01-15");
    expect(addMonths("2023-03-31", -1)).toBe("2023-02-28");
  });

  it("adds years and days", () => {
    expect(addYears("2024-02-29", -3)).toBe("2021-02-28");
    expect(addYears("2022-03-24", -3)).toBe("2019-03-24");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
  });

  it("knows month lengths and clamps days", () => {
    expect([daysInMonth(2023, 2), daysInMonth(2024, 2), daysInMonth(1900, 2), daysInMonth(2000, 2)]).toEqual([
      28, 29, 28, 29,
    ]);
    expect(calendarDateOf(2023, 2, 31)).toBe("2023-02-28");
    expect(calendarDateOf(2023, 4, 31)).toBe("2023-04-30");
  });
});
