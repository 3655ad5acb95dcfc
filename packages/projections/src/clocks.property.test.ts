import { createMemoryStore } from "@iop/store-memory";
import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditTrailProjection, readAuditTrail } from "./built-in/audit-trail.js";
import type { FactLogState } from "./built-in/fact-log-projection.js";
import { decisionOf } from "./built-in/facts.js";
import { fundingProjection, readFunding } from "./built-in/funding.js";
import { readRegister, registerProjection } from "./built-in/register.js";
import { readReportsDue, reportsDueProjection } from "./built-in/reports-due.js";
import { readTimelines, timelineProjection } from "./built-in/timeline.js";
import type { Clocks } from "./clocks.js";
import { runLive } from "./run-live.js";
import { appendAll, history, hourlyClock } from "./test-support/generate.js";

/** Every built-in read, each asked on a day where it has one. */
const reads: readonly {
  readonly name: string;
  readonly projection: typeof registerProjection;
  readonly read: (state: FactLogState, day: string, horizons: Clocks) => unknown;
}[] = [
  { name: "register", projection: registerProjection, read: (s, _, h) => readRegister(s, h) },
  {
    name: "register on a day",
    projection: registerProjection,
    read: (s, inForceOn, h) => readRegister(s, { ...h, inForceOn }),
  },
  { name: "timelines", projection: timelineProjection, read: (s, _, h) => readTimelines(s, h) },
  {
    name: "timelines on a day",
    projection: timelineProjection,
    read: (s, inForceOn, h) => readTimelines(s, { ...h, inForceOn }),
  },
  { name: "funding", projection: fundingProjection, read: (s, _, h) => readFunding(s, h) },
  {
    name: "funding following successions",
    projection: fundingProjection,
    read: (s, _, h) => readFunding(s, { ...h, followSuccessions: true }),
  },
  {
    name: "reports due",
    projection: reportsDueProjection,
    read: (s, inForceOn, h) => readReportsDue(s, { ...h, inForceOn }),
  },
  { name: "audit trail", projection: auditTrailProjection, read: (s, _, h) => readAuditTrail(s, h) },
];

/**
 * The latest business date and the latest record time of every fact in a state. An evaluation's
 * board decision has a date of its own, after the evaluation's: it counts too.
 */
function newest(state: FactLogState): { decidedBy: string; recordedBy: string } {
  let decidedBy = "0000-01-01";
  let recordedBy = "1970-01-01T00:00:00.000Z";
  for (const facts of Object.values(state))
    for (const fact of facts) {
      const on = decisionOf(fact)?.date ?? fact.on;
      for (const date of [fact.on, on]) if (date > decidedBy) decidedBy = date;
      if (fact.recordedAt > recordedBy) recordedBy = fact.recordedAt;
    }
  return { decidedBy, recordedBy };
}

describe("asking with the newest knowledge equals asking without a horizon", () => {
  it("for every built-in read, any generated history and any day", async () => {
    await fc.assert(
      fc.asyncProperty(
        history(5),
        fc.date({ min: new Date("2018-06-01"), max: new Date("2029-12-31"), noInvalidDate: true }),
        async (appends, date) => {
          const store = createMemoryStore({ clock: hourlyClock() });
          await appendAll(store, appends);
          const day = date.toISOString().slice(0, 10);
          const horizon = newest(await runLive(registerProjection, store));
          for (const { name, projection, read } of reads) {
            const state = await runLive(projection, store);
            expect({ name, answer: read(state, day, horizon) }).toEqual({
              name,
              answer: read(state, day, {}),
            });
          }
        },
      ),
      { numRuns: propertyRuns(40) },
    );
  });
});
