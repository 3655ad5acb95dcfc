import type { Clocks } from "@iop/projections";
import { UsageError } from "../output.js";
import { checkDate, checkInstant } from "./strict-time.js";

/** The clock options of a query, as `node:util`'s `parseArgs` gives them. */
export type ClockValues = {
  readonly "in-force-on"?: string | undefined;
  readonly "decided-by"?: string | undefined;
  readonly "recorded-by"?: string | undefined;
  readonly "as-of"?: string | undefined;
  readonly "known-at"?: string | undefined;
};

/** Each deprecated alias, and the options it stands for. */
const ALIASES = [
  ["as-of", ["in-force-on", "decided-by"]],
  ["known-at", ["recorded-by"]],
] as const;

/**
 * The clocks of a query's options, each checked strictly: `--in-force-on` and `--decided-by`
 * calendar dates that exist, `--recorded-by` an ISO 8601 instant with Z or an offset. The aliases
 * `--as-of` (`--in-force-on` and `--decided-by` on one day) and `--known-at` (`--recorded-by`)
 * keep working, but not together with what they stand for.
 * @throws {UsageError} naming the option.
 */
export function clocksOf(values: ClockValues): Clocks {
  for (const [alias, fields] of ALIASES)
    for (const field of fields)
      if (values[alias] !== undefined && values[field] !== undefined)
        throw new UsageError(
          `--${alias} is an alias of ${fields.map((f) => `--${f}`).join(" with ")}: give --${field} or --${alias}, not both`,
        );
  const dates = ["in-force-on", "decided-by", "as-of"] as const;
  for (const option of dates) {
    const value = values[option];
    if (value !== undefined) checkDate(option, value);
  }
  for (const option of ["recorded-by", "known-at"] as const) {
    const value = values[option];
    if (value !== undefined) checkInstant(option, value);
  }
  const given = <K extends keyof Clocks>(key: K, value: string | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    ...given("inForceOn", values["in-force-on"]),
    ...given("decidedBy", values["decided-by"]),
    ...given("recordedBy", values["recorded-by"]),
    ...given("asOf", values["as-of"]),
    ...given("knownAt", values["known-at"]),
  };
}
