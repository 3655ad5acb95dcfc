import { writeFile } from "node:fs/promises";
import type { EventStore } from "@iop/core";
import {
  auditTrailProjection,
  type Clocks,
  checkClocks,
  fundingProjection,
  readAuditTrail,
  readFunding,
  readRegister,
  readReportsDue,
  readTimelines,
  registerProjection,
  reportsDueProjection,
  runLive,
  type Timeline,
  timelineProjection,
} from "@iop/projections";
import {
  auditTrailTable,
  fundingTable,
  registerTable,
  reportsDueTable,
  timelineTable,
} from "../format/read-models.js";
import { timelineMarks } from "../html/timeline-marks.js";
import { timelinePage } from "../html/timeline-page.js";
import { type Output, UsageError } from "../output.js";

/** The read models the CLI can query, each on the clocks that apply to it. */
export const QUERIES = ["register", "timeline", "funding", "reports-due", "audit-trail"] as const;
export type Query = (typeof QUERIES)[number];

/**
 * What a query is asked: its clocks, JSON or a table, for `audit-trail` an agreement, and for
 * `timeline` a partnership and an HTML file to write the page to.
 */
export interface QueryOptions {
  readonly clocks: Clocks;
  readonly json: boolean;
  readonly agreementId?: string;
  readonly partnershipId?: string;
  readonly html?: string;
}

/** Checks a query's clocks before any store is opened. */
export function checkQuery(query: Query, clocks: Clocks): void {
  try {
    checkClocks(clocks);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`clocks: ${error.message}`);
    throw error;
  }
  if (query === "reports-due" && clocks.inForceOn === undefined && clocks.asOf === undefined)
    throw new UsageError("reports-due needs --in-force-on <date> (or --as-of): the day asked about");
}

/**
 * Replays the store into a built-in projection and prints the answer on the clocks (in force on a
 * day, as decided by a date, as recorded by an instant; see `Clocks`): a table, or with `json` the
 * read model's own JSON. The command line has refused the clocks a query does not take.
 */
export async function queryCommand(
  store: EventStore,
  query: Query,
  options: QueryOptions,
  io: Output,
): Promise<number> {
  const print = <T>(value: T, asTable: (value: T) => string[]) => {
    if (options.json) io.out(JSON.stringify(value, null, 2));
    else for (const line of asTable(value)) io.out(line);
    return 0;
  };
  const { clocks } = options;
  // Funding and the audit trail have no day: what the command line let through for them is horizons.
  const { inForceOn: _day, ...horizons } = clocks;
  switch (query) {
    case "register":
      return print(readRegister(await runLive(registerProjection, store), clocks), registerTable);
    case "timeline": {
      const timelines = readTimelines(await runLive(timelineProjection, store), clocks);
      const { partnershipId, html } = options;
      const chosen =
        partnershipId === undefined
          ? timelines
          : timelines.filter((t) => t.partnershipIds.includes(partnershipId));
      if (html === undefined) return print(chosen, timelineTable);
      const timeline = onePartnership(chosen, partnershipId);
      const marks = timelineMarks(await runLive(auditTrailProjection, store), timeline, horizons);
      await writeFile(html, timelinePage(timeline, marks));
      io.out(`wrote ${html}`);
      return 0;
    }
    case "funding":
      return print(readFunding(await runLive(fundingProjection, store), horizons), fundingTable);
    case "reports-due":
      return print(readReportsDue(await runLive(reportsDueProjection, store), clocks), reportsDueTable);
    case "audit-trail": {
      const state = await runLive(auditTrailProjection, store);
      const agreement = options.agreementId === undefined ? {} : { agreementId: options.agreementId };
      return print(readAuditTrail(state, { ...horizons, ...agreement }), auditTrailTable);
    }
  }
}

/** The one timeline a page is drawn of: refused when none, or several without a partnership named. */
function onePartnership(timelines: readonly Timeline[], partnershipId: string | undefined): Timeline {
  const [first, ...others] = timelines;
  if (first === undefined)
    throw new UsageError(
      partnershipId === undefined
        ? "timeline --html: no partnership in the store"
        : `timeline: no partnership ${JSON.stringify(partnershipId)}`,
    );
  if (others.length > 0)
    throw new UsageError(
      `timeline --html needs a partnershipId: the store holds ${timelines.flatMap((t) => t.partnershipIds).join(", ")}`,
    );
  return first;
}
