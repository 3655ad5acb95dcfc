import { describe, expect, it } from "vitest";
import { checkDate, checkInstant } from "./strict-time.js";

describe("strict dates and instants", () => {
  it.each(["2022-03-24T20:00:00Z", "2022-03-24T21:00+01:00", "2024-02-29T00:00:00.123Z"])(
    "takes the instant %s",
    (value) => expect(() => checkInstant("known-at", value)).not.toThrow(),
  );

  it.each([
    "2022-02-30T00:00:00Z",
    "2022-03-24T20:00:00",
    "2022-03-24",
    "2023-02-29T00:00Z",
    "2022-03-24T24:00:00Z",
  ])("refuses the instant %s, naming the option", (value) =>
    expect(() => checkInstant("known-at", value)).toThrow(/^--known-at must be an ISO 8601 instant/),
  );

  it("refuses a day that does not exist", () => {
    expect(() => checkDate("as-of", "2022-02-30")).toThrow(/^--as-of must be a calendar date/);
    expect(() => checkDate("as-of", "2024-02-29")).not.toThrow();
  });
});
