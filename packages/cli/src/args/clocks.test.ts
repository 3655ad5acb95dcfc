import { describe, expect, it } from "vitest";
import { clocksOf } from "./clocks.js";

describe("the clock options of a query", () => {
  it("takes the three clocks, freely combined, and the deprecated aliases alone", () => {
    expect(
      clocksOf({
        "in-force-on": "2022-02-15",
        "decided-by": "2022-04-01",
        "recorded-by": "2022-03-25T12:00:00Z",
      }),
    ).toEqual({ inForceOn: "2022-02-15", decidedBy: "2022-04-01", recordedBy: "2022-03-25T12:00:00Z" });
    expect(clocksOf({ "as-of": "2022-02-15", "known-at": "2022-03-25T12:00:00Z" })).toEqual({
      asOf: "2022-02-15",
      knownAt: "2022-03-25T12:00:00Z",
    });
    expect(clocksOf({ "as-of": "2022-02-15", "recorded-by": "2022-03-25T12:00:00Z" })).toEqual({
      asOf: "2022-02-15",
      recordedBy: "2022-03-25T12:00:00Z",
    });
    expect(clocksOf({})).toEqual({});
  });

  it.each([
    [
      { "as-of": "2022-02-15", "in-force-on": "2022-02-15" },
      "--as-of is an alias of --in-force-on with --decided-by",
    ],
    [{ "as-of": "2022-02-15", "decided-by": "2022-02-15" }, "give --decided-by or --as-of, not both"],
    [{ "known-at": "2022-03-25T12:00:00Z", "recorded-by": "2022-03-25T12:00:00Z" }, "--known-at is an alias"],
    [{ "in-force-on": "2022-02-30" }, "--in-force-on must be a calendar date"],
    [{ "decided-by": "2022-4-01" }, "--decided-by must be a calendar date"],
    [{ "recorded-by": "2022-03-25" }, "--recorded-by must be an ISO 8601 instant"],
  ])("refuses %j, naming the options", (values, message) => {
    expect(() => clocksOf(values)).toThrow(message);
  });
});
