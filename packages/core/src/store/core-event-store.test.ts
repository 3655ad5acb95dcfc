import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";

const event = { type: "Applied", schemaVersion: 1, data: { agreementId: "husby-konst-2022" } };

describe("the core store's clock", () => {
  it.each([
    ["an invalid date", new Date(Number.NaN), /valid Date/],
    ["a year past 9999", new Date("+010000-01-01T00:00:00Z"), /year 1–9999/],
    ["a year before 1", new Date("-000001-01-01T00:00:00Z"), /year 1–9999/],
  ])("refuses %s as a record time, and appends nothing", async (_label, time, message) => {
    const store = createMemoryStore({ clock: () => time });
    await expect(
      store.append("agreement-husby-konst-2022", [event], { expectedVersion: "no-stream" }),
    ).rejects.toMatchObject({
      code: "INVALID_STORE_INPUT",
      field: "clock",
      message: expect.stringMatching(message),
    });
    expect(await store.readAll()).toEqual([]);
  });
});
