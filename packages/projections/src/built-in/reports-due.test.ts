import { describe, expect, it } from "vitest";
import { dueDate } from "./reports-due.js";

describe("dueDate", () => {
  it("is the last day of the given month after the year ends, leap days included", () => {
    expect(dueDate(2024, 0)).toBe("2024-12-31");
    expect(dueDate(2024, 3)).toBe("2025-03-31");
    expect(dueDate(2023, 2)).toBe("2024-02-29");
    expect(dueDate(2024, 2)).toBe("2025-02-28");
    expect(dueDate(2024, 6)).toBe("2025-06-30");
    expect(dueDate(2024, 12)).toBe("2025-12-31");
    expect(dueDate(2024, 14)).toBe("2026-02-28");
  });
});
