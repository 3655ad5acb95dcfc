import { describe, expect, it } from "vitest";
import { newEventId } from "./event-id.js";

describe("newEventId", () => {
  it("makes version-7 UUIDs that start with the time they were made and never repeat", () => {
    const before = Date.now();
    const ids = Array.from({ length: 10_000 }, newEventId);
    const after = Date.now();
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ms = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
      expect(ms).toBeGreaterThanOrEqual(before);
      expect(ms).toBeLessThanOrEqual(after);
    }
    expect(new Set(ids).size).toBe(ids.length);
    // Time-ordered: sorted by the time prefix, the ids keep the order they were made in.
    const prefixes = ids.map((id) => id.slice(0, 13));
    expect(prefixes).toEqual([...prefixes].sort());
  });
});
