import type { EventStore } from "@iop/core";
import {
  type Clocks,
  checkClocks,
  fundingProjection,
  readFunding,
  readRegister,
  readReportsDue,
  readTimelines,
  registerProjection,
  reportsDueProjection,
  runLive,
  timelineProjection,
} from "@iop/projections";
import { type Output, UsageError } from "../output.js";

/** The read models the CLI can query, each on the two clocks. */
export const QUERIES = ["register", "timeline", "funding", "reports-due"] as const;
export type Query = (typeof QUERIES)[number];

/** Checks a query's clocks before any store is opened. */
export function checkQuery(query: Query, clocks: Clocks): void {
  try {
    checkClocks(clocks);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`--as-of / --known-at: ${error.message}`);
    throw error;
  }
  if (query === "reports-due" && clocks.asOf === undefined)
    throw new UsageError("reports-due needs --as-of <date>: the day asked about");
}

/**
 * Replays the store into a built-in projection and prints the answer as JSON, as of a business
 * date (`asOf`) and as known at a recorded time (`knownAt`).
 */
export async function queryCommand(
  store: EventStore,
  query: Query,
  clocks: Clocks,
  io: Output,
): Promise<number> {
  const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
  switch (query) {
    case "register":
      print(readRegister(await runLive(registerProjection, store), clocks));
      return 0;
    case "timeline":
      print(readTimelines(await runLive(timelineProjection, store), clocks));
      return 0;
    case "funding":
      print(readFunding(await runLive(fundingProjection, store), clocks));
      return 0;
    case "reports-due": {
      const { asOf, ...rest } = clocks;
      print(readReportsDue(await runLive(reportsDueProjection, store), { on: asOf ?? "", ...rest }));
      return 0;
    }
  }
}
