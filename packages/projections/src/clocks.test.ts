import { husbyHistory, husbyAgreementIds as ids } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditTrailProjection, readAuditTrail } from "./built-in/audit-trail.js";
import { fundingProjection, readFunding } from "./built-in/funding.js";
import { readRegister, registerProjection } from "./built-in/register.js";
import { readReportsDue, reportsDueProjection } from "./built-in/reports-due.js";
import { readTimelines, timelineProjection } from "./built-in/timeline.js";
import { ClockAliasError, ClockNotApplicableError, checkClocks, instantMs } from "./clocks.js";
import { foldEvents } from "./fold.js";
import { runLive } from "./run-live.js";
import { appendAll, history, hourlyClock } from "./test-support/generate.js";
import { allEvents, businessDatePlus, recordScript } from "./test-support/record.js";

describe("the three clocks on the Husby case", () => {
  // Each command entered the day after its business date, at noon UTC: the 2022 grant, decided
  // on 2022-03-24, was recorded on 2022-03-25T12:00Z.
  const recorded = () => recordScript(husbyHistory, businessDatePlus(1));

  it("in force on 2022-02-15 as decided by then: no — the grant came on 2022-03-24, retroactively from 2022-01-01", async () => {
    const state = await runLive(registerProjection, await recorded());
    const decidedBy = (date: string) =>
      readRegister(state, { inForceOn: "2022-02-15", decidedBy: date }).find(
        (r) => r.agreementId === ids.y2022,
      );
    expect(decidedBy("2022-02-15")).toMatchObject({ status: "applied", inForce: false, period: null });
    // Asked as decided later, the same day 2022-02-15 lies inside the granted period.
    const decided = decidedBy("2022-03-24");
    expect(decided).toMatchObject({ status: "granted", inForce: true, period: { start: "2022-01-01" } });
    // The deprecated asOf is the day and the horizon together.
    expect(readRegister(state, { asOf: "2022-02-15" })).toEqual(
      readRegister(state, { inForceOn: "2022-02-15", decidedBy: "2022-02-15" }),
    );
  });

  it("as recorded by: what the system held, whatever had been decided", async () => {
    const store = await recorded();
    const state = await runLive(registerProjection, store);
    const y2022 = (recordedBy: string) =>
      readRegister(state, { inForceOn: "2022-03-25", recordedBy }).find((r) => r.agreementId === ids.y2022);
    // On the evening of the decision it was taken but not yet in the system.
    expect(y2022("2022-03-24T20:00:00Z")).toMatchObject({ status: "applied", inForce: false });
    expect(y2022("2022-03-25T12:00:00Z")).toMatchObject({ status: "granted", inForce: true });
    // Before the application was recorded (2022-02-16), the system did not know the agreement at all.
    expect(y2022("2022-02-16T11:59:59Z")).toBeUndefined();
    // The same answer from folding only the events recorded by then.
    const live = await runLive(registerProjection, store, { recordedBy: new Date("2022-03-24T20:00:00Z") });
    expect(readRegister(live, { inForceOn: "2022-03-25" })).toEqual(
      readRegister(state, { inForceOn: "2022-03-25", recordedBy: "2022-03-24T20:00:00Z" }),
    );
    expect(
      foldEvents(registerProjection, await allEvents(store), { recordedBy: "2022-03-24T20:00:00+01:00" }),
    ).toEqual(live);
    // The deprecated knownAt is recordedBy.
    expect(await runLive(registerProjection, store, { knownAt: "2022-03-24T20:00:00Z" })).toEqual(live);
  });

  it("refuses a recordedBy without time or zone, and a day or horizon that is not a date", () => {
    expect(() => checkClocks({ recordedBy: "2022-03-24" })).toThrow(
      /^recordedBy must be an instant with time and zone/,
    );
    expect(() => checkClocks({ knownAt: "2022-03-24" })).toThrow(/^knownAt must be an instant/);
    expect(() => checkClocks({ recordedBy: new Date(Number.NaN) })).toThrow(/invalid Date/);
    expect(() => checkClocks({ inForceOn: "2022-3-24" })).toThrow(
      /^inForceOn must be a calendar date written YYYY-MM-DD/,
    );
    expect(() => checkClocks({ decidedBy: "2022-02-30" })).toThrow(/^decidedBy must be a calendar date/);
    expect(() => checkClocks({ asOf: "2022-3-24" })).toThrow(/^asOf must be/);
    expect(instantMs("2022-03-24T12:00:00+01:00")).toBe(Date.UTC(2022, 2, 24, 11));
  });

  it("resolves the deprecated aliases: asOf is inForceOn and decidedBy on one day, knownAt is recordedBy", () => {
    expect(checkClocks({ asOf: "2022-03-24", knownAt: "2022-03-25T12:00:00Z" })).toEqual({
      inForceOn: "2022-03-24",
      decidedBy: "2022-03-24",
      recordedByMs: Date.UTC(2022, 2, 25, 12),
    });
    expect(checkClocks({})).toEqual({ inForceOn: null, decidedBy: null, recordedByMs: null });
  });

  it.each([
    [{ asOf: "2022-03-24", inForceOn: "2022-03-24" }, "asOf", "inForceOn"],
    [{ asOf: "2022-03-24", decidedBy: "2022-03-24" }, "asOf", "decidedBy"],
    [{ knownAt: "2022-03-25T12:00:00Z", recordedBy: "2022-03-25T12:00:00Z" }, "knownAt", "recordedBy"],
  ])("refuses an alias with its own name: %j", (clocks, alias, field) => {
    expect(() => checkClocks(clocks)).toThrow(ClockAliasError);
    expect(() => checkClocks(clocks)).toThrow(new RegExp(`^${alias} is a deprecated alias of ${field}`));
  });

  it("refuses a day where a read has none, and an alias with the day in reports due", async () => {
    const store = await recorded();
    const funding = await runLive(fundingProjection, store);
    expect(() => readFunding(funding, { inForceOn: "2022-03-24" } as never)).toThrow(ClockNotApplicableError);
    expect(() => readAuditTrail({}, { inForceOn: "2022-03-24" } as never)).toThrow(
      /^inForceOn does not apply to the audit trail/,
    );
    // For a read with no day, asOf is the horizon alone.
    expect(readFunding(funding, { asOf: "2022-03-23" })).toEqual(
      readFunding(funding, { decidedBy: "2022-03-23" }),
    );
    const reports = await runLive(reportsDueProjection, store);
    expect(() => readReportsDue(reports, {})).toThrow(/^inForceOn is required/);
    expect(() => readReportsDue(reports, { on: "2025-04-01", inForceOn: "2025-04-01" })).toThrow(
      ClockAliasError,
    );
    expect(readReportsDue(reports, { on: "2025-04-01" })).toEqual(
      readReportsDue(reports, { inForceOn: "2025-04-01", decidedBy: "2025-04-01" }),
    );
  });
});

describe("recordedBy on a stored state equals folding only what was recorded by then", () => {
  const queries = [
    { projection: registerProjection, read: readRegister },
    { projection: fundingProjection, read: readFunding },
    { projection: timelineProjection, read: readTimelines },
    { projection: auditTrailProjection, read: readAuditTrail },
    {
      projection: reportsDueProjection,
      read: (state: Parameters<typeof readReportsDue>[0], c: { decidedBy?: string; recordedBy?: Date }) =>
        readReportsDue(state, { inForceOn: c.decidedBy ?? "2030-01-01", ...c }),
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
        async (appends, hours, decidedByDate) => {
          const store = createMemoryStore({ clock: hourlyClock() });
          await appendAll(store, appends);
          const recordedBy = new Date(Date.UTC(2019, 0, 1) + hours * 3_600_000);
          const decidedBy = decidedByDate?.toISOString().slice(0, 10);
          for (const { projection, read } of queries) {
            const full = await runLive(projection, store);
            const then = await runLive(projection, store, { recordedBy });
            const clocks = decidedBy === undefined ? {} : { decidedBy };
            expect(read(full, { ...clocks, recordedBy })).toEqual(read(then, clocks));
          }
        },
      ),
      { numRuns: propertyRuns(60) },
    );
  });
});
