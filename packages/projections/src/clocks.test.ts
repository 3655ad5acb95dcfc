import { husbyHistory, husbyAgreementIds as ids } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditTrailProjection, readAuditTrail } from "./built-in/audit-trail.js";
import { fundingProjection, readFunding } from "./built-in/funding.js";
import { readRegister, registerProjection } from "./built-in/register.js";
import { readReportsDue, reportsDueProjection } from "./built-in/reports-due.js";
import { readTimelines, timelineProjection } from "./built-in/timeline.js";
import { checkClocks, instantMs } from "./clocks.js";
import { foldEvents } from "./fold.js";
import { runLive } from "./run-live.js";
import { appendAll, history, hourlyClock } from "./test-support/generate.js";
import { allEvents, businessDatePlus, recordScript } from "./test-support/record.js";

describe("the two clocks on the Husby case", () => {
  // Each command entered the day after its business date, at noon UTC: the 2022 grant, decided
  // on 2022-03-24, was recorded on 2022-03-25T12:00Z.
  const recorded = () => recordScript(husbyHistory, businessDatePlus(1));

  it("as of 2022-02-15, nothing was in force: the grant came on 2022-03-24, retroactively from 2022-01-01", async () => {
    const state = await runLive(registerProjection, await recorded());
    const asOf = (date: string) =>
      readRegister(state, { asOf: date }).find((r) => r.agreementId === ids.y2022);
    expect(asOf("2022-02-15")).toMatchObject({ status: "applied", inForce: false, period: null });
    // Asked later, the same day 2022-02-15 lies inside the granted period.
    const decided = asOf("2022-03-24");
    expect(decided).toMatchObject({ status: "granted", inForce: true, period: { start: "2022-01-01" } });
  });

  it("as known at: what the system held, whatever had been decided", async () => {
    const store = await recorded();
    const state = await runLive(registerProjection, store);
    const y2022 = (knownAt: string) =>
      readRegister(state, { asOf: "2022-03-25", knownAt }).find((r) => r.agreementId === ids.y2022);
    // On the evening of the decision it was taken but not yet in the system.
    expect(y2022("2022-03-24T20:00:00Z")).toMatchObject({ status: "applied", inForce: false });
    expect(y2022("2022-03-25T12:00:00Z")).toMatchObject({ status: "granted", inForce: true });
    // Before the application was recorded (2022-02-16), the system did not know the agreement at all.
    expect(y2022("2022-02-16T11:59:59Z")).toBeUndefined();
    // The same answer from folding only the events recorded by then.
    const live = await runLive(registerProjection, store, { knownAt: new Date("2022-03-24T20:00:00Z") });
    expect(readRegister(live, { asOf: "2022-03-25" })).toEqual(
      readRegister(state, { asOf: "2022-03-25", knownAt: "2022-03-24T20:00:00Z" }),
    );
    expect(
      foldEvents(registerProjection, await allEvents(store), { knownAt: "2022-03-24T20:00:00+01:00" }),
    ).toEqual(live);
  });

  it("refuses a knownAt without time or zone, and an asOf that is not a date", () => {
    expect(() => checkClocks({ knownAt: "2022-03-24" })).toThrow(/instant with time and zone/);
    expect(() => checkClocks({ knownAt: new Date(Number.NaN) })).toThrow(/invalid Date/);
    expect(() => checkClocks({ asOf: "2022-3-24" })).toThrow(/YYYY-MM-DD/);
    expect(instantMs("2022-03-24T12:00:00+01:00")).toBe(Date.UTC(2022, 2, 24, 11));
  });
});

describe("knownAt on a stored state equals folding only what was recorded by then", () => {
  const queries = [
    { projection: registerProjection, read: readRegister },
    { projection: fundingProjection, read: readFunding },
    { projection: timelineProjection, read: readTimelines },
    { projection: auditTrailProjection, read: readAuditTrail },
    {
      projection: reportsDueProjection,
      read: (state: Parameters<typeof readReportsDue>[0], c: { asOf?: string; knownAt?: Date }) =>
        readReportsDue(state, {
          on: c.asOf ?? "2030-01-01",
          ...(c.knownAt === undefined ? {} : { knownAt: c.knownAt }),
        }),
    },
  ] as const;

  it("for every built-in, any history, any business date and any record time", async () => {
    await fc.assert(
      fc.asyncProperty(
        history(5),
        fc.integer({ min: 0, max: 80 }),
        fc.option(
          fc.date({ min: new Date("2018-06-01"), max: new Date("2029-12-31"), noInvalidDate: true }),
          {
            nil: undefined,
          },
        ),
        async (appends, hours, asOfDate) => {
          const store = createMemoryStore({ clock: hourlyClock() });
          await appendAll(store, appends);
          const knownAt = new Date(Date.UTC(2019, 0, 1) + hours * 3_600_000);
          const asOf = asOfDate?.toISOString().slice(0, 10);
          for (const { projection, read } of queries) {
            const full = await runLive(projection, store);
            const then = await runLive(projection, store, { knownAt });
            const clocks = asOf === undefined ? {} : { asOf };
            expect(read(full, { ...clocks, knownAt })).toEqual(read(then, clocks));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
