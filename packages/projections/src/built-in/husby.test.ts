import {
  HUSBY_PARTNERSHIP_ID,
  husbyHistory,
  husbyAgreementIds as ids,
  jarva,
  organisations,
  rinkebyKista,
} from "@iop/fixtures";
import { beforeAll, describe, expect, it } from "vitest";
import { checkProjection } from "../check-projection.js";
import { allEvents, businessDatePlus, recordScript } from "../test-support/record.js";
import { auditTrailProjection, readAuditTrail } from "./audit-trail.js";
import type { FactLogState } from "./fact-log-projection.js";
import { fundingProjection, readFunding } from "./funding.js";
import { readRegister, registerProjection } from "./register.js";
import { readReportsDue, reportsDueProjection } from "./reports-due.js";
import { readTimeline, readTimelines, timelineProjection } from "./timeline.js";

const husby = organisations.husbyKonst;

describe("the Husby partnership 2019–2024", () => {
  let timeline: FactLogState;
  let register: FactLogState;
  let reports: FactLogState;
  let audit: FactLogState;
  let funding: FactLogState;
  beforeAll(async () => {
    // Each command recorded the day after its business date, at noon UTC.
    const events = await allEvents(await recordScript(husbyHistory, businessDatePlus(1)));
    timeline = checkProjection(timelineProjection, events);
    register = checkProjection(registerProjection, events);
    reports = checkProjection(reportsDueProjection, events);
    audit = checkProjection(auditTrailProjection, events);
    funding = checkProjection(fundingProjection, events);
  });

  it("timeline: four agreements, a gap 2020-09-01 → 2021-12-31, Järva succeeding from 2023-07-01", () => {
    const t = readTimeline(timeline, {
      organisationNumber: husby.organisationNumber,
      publicParty: rinkebyKista.name,
    });
    expect(t).toBeDefined();
    expect(t?.organisation.name).toBe(husby.name);
    expect(t?.partnershipIds).toEqual([HUSBY_PARTNERSHIP_ID]);
    expect(t?.agreements.map((a) => [a.agreementId, a.period.start, a.period.end])).toEqual([
      [ids.first, "2019-06-01", "2020-08-31"],
      [ids.y2022, "2022-01-01", "2022-12-31"],
      [ids.y2023, "2023-01-01", "2023-12-31"],
      [ids.y2024, "2024-01-01", "2024-12-31"],
    ]);
    expect(t?.gaps).toEqual([{ from: "2020-09-01", to: "2021-12-31" }]);
    expect(t?.publicParties).toEqual([rinkebyKista.name, jarva.name]);
    expect(t?.successions).toEqual([{ from: rinkebyKista.name, to: jarva.name, effectiveOn: "2023-07-01" }]);
    expect(t?.agreements[2]?.publicParties).toEqual([
      { name: rinkebyKista.name, from: "2023-01-01", to: "2023-06-30" },
      { name: jarva.name, from: "2023-07-01", to: "2023-12-31" },
    ]);
    expect(t?.agreements[3]?.publicParties).toEqual([
      { name: jarva.name, from: "2024-01-01", to: "2024-12-31" },
    ]);
    // Asked by the successor's name (and the number without hyphen), the same chain; it is the only one.
    expect(readTimeline(timeline, { organisationNumber: "8024001235", publicParty: jarva.name })).toEqual(t);
    expect(readTimelines(timeline)).toHaveLength(1);
    expect(
      readTimeline(timeline, { organisationNumber: "802401-4568", publicParty: jarva.name }),
    ).toBeUndefined();
  });

  it("timeline as of a day: the chain so far, with an open gap after the last agreement", () => {
    const at = (asOf: string) =>
      readTimeline(
        timeline,
        { organisationNumber: husby.organisationNumber, publicParty: rinkebyKista.name },
        { asOf },
      );
    expect(at("2021-06-01")?.agreements.map((a) => a.agreementId)).toEqual([ids.first]);
    expect(at("2021-06-01")?.gaps).toEqual([{ from: "2020-09-01", to: null }]);
    // Granted on 2022-03-24: as of the day before, the gap is still open.
    expect(at("2022-03-23")?.gaps).toEqual([{ from: "2020-09-01", to: null }]);
    expect(at("2022-03-24")?.gaps).toEqual([{ from: "2020-09-01", to: "2021-12-31" }]);
    // Before 2023-07-01 there is no Järva yet.
    expect(at("2023-06-30")?.publicParties).toEqual([rinkebyKista.name]);
    expect(at("2025-06-01")?.gaps).toEqual([
      { from: "2020-09-01", to: "2021-12-31" },
      { from: "2025-01-01", to: null },
    ]);
    expect(at("2019-01-01")).toBeUndefined();
  });

  it("register as of 2022-02-15: the 2022 application received, nothing in force", () => {
    const rows = readRegister(register, { asOf: "2022-02-15" });
    expect(rows.map((r) => [r.agreementId, r.status, r.inForce])).toEqual([
      [ids.first, "signed", false],
      [ids.y2022, "applied", false],
    ]);
    // Once decided, the period reaches back to 2022-01-01: the grant is retroactive.
    const later = readRegister(register, { asOf: "2022-03-24" }).find((r) => r.agreementId === ids.y2022);
    expect(later).toMatchObject({
      status: "granted",
      inForce: true,
      grantedKronor: 324_000,
      period: { start: "2022-01-01", end: "2022-12-31" },
      dates: { receivedOn: "2022-02-15", grantedOn: "2022-03-24", signedOn: null },
    });
    expect(
      readRegister(register, { asOf: "2022-04-05" }).find((r) => r.agreementId === ids.y2022)?.status,
    ).toBe("signed");
    expect(
      readRegister(register, { asOf: "2022-12-31" })
        .filter((r) => r.inForce)
        .map((r) => r.agreementId),
    ).toEqual([ids.y2022]);
  });

  it("register today: the dates of each decision, and Järva as the public party of 2023 and 2024", () => {
    const rows = readRegister(register);
    const y2023 = rows.find((r) => r.agreementId === ids.y2023);
    expect(y2023?.publicParties.map((p) => p.name)).toEqual([jarva.name]);
    expect(y2023?.successions).toEqual([
      { from: rinkebyKista.name, to: jarva.name, effectiveOn: "2023-07-01" },
    ]);
    expect(y2023?.inForce).toBeNull();
    const y2024 = rows.find((r) => r.agreementId === ids.y2024);
    expect(y2024?.dates).toMatchObject({
      grantedOn: "2023-12-14",
      signedOn: "2024-01-15",
      evaluatedOn: ["2024-05-15"],
      renegotiatedOn: "2024-11-21",
    });
  });

  it("reports due: the 2024 annual report is due in Q1 2025 and overdue after", () => {
    expect(readReportsDue(reports, { on: "2025-02-01" })).toEqual([
      {
        agreementId: ids.y2024,
        organisation: { name: husby.name, organisationNumber: husby.organisationNumber },
        publicParties: [jarva.name],
        year: 2024,
        period: { start: "2024-01-01", end: "2024-12-31" },
        dueOn: "2025-03-31",
        status: "due",
      },
    ]);
    expect(readReportsDue(reports, { on: "2025-04-01" }).map((r) => r.status)).toEqual(["overdue"]);
    // Configurable: due by the end of the year after.
    expect(readReportsDue(reports, { on: "2025-04-01", dueMonthsAfterYearEnd: 12 })[0]?.dueOn).toBe(
      "2025-12-31",
    );
    // In 2021 both reports of the first agreement were in: nothing due.
    expect(readReportsDue(reports, { on: "2021-01-15" })).toEqual([]);
    // On 2020-10-01 the 2020 part had ended and its report (2020-10-15) was not yet in.
    expect(readReportsDue(reports, { on: "2020-10-01" })).toMatchObject([
      {
        agreementId: ids.first,
        year: 2020,
        period: { start: "2020-01-01", end: "2020-08-31" },
        status: "due",
      },
    ]);
    expect(readReportsDue(reports, { on: "2024-01-01" })).toMatchObject([
      { agreementId: ids.y2023, year: 2023, dueOn: "2024-03-31", publicParties: [jarva.name] },
    ]);
    expect(() => readReportsDue(reports, { on: "2025-02-30" })).toThrow(RangeError);
    expect(() => readReportsDue(reports, { on: "2025-02-01", dueMonthsAfterYearEnd: -1 })).toThrow(
      RangeError,
    );
  });

  it("audit trail: every decision with body, date, actor and the state before and after", () => {
    const trail = readAuditTrail(audit);
    expect(trail.map((e) => [e.agreementId, e.eventType, e.date, e.body])).toEqual([
      [ids.first, "Granted", "2019-05-23", rinkebyKista.name],
      [ids.y2022, "Granted", "2022-03-24", rinkebyKista.name],
      [ids.y2023, "Granted", "2022-12-15", rinkebyKista.name],
      [ids.y2024, "Granted", "2023-12-14", jarva.name],
      [ids.y2024, "Evaluated", "2024-11-21", jarva.name],
      [ids.y2024, "Renegotiated", "2024-11-21", jarva.name],
    ]);
    const grant2022 = trail.find((e) => e.agreementId === ids.y2022);
    expect(grant2022).toMatchObject({
      actor: "district-council",
      recordedAt: "2022-03-25T12:00:00.000Z",
      caseNumber: null,
      before: { status: "applied", grantedKronor: null, period: null },
      after: {
        status: "granted",
        grantedKronor: 324_000,
        period: { start: "2022-01-01", end: "2022-12-31" },
      },
    });
    expect(grant2022?.points.map((p) => p.number)).toEqual([1, 2]);
    expect(grant2022?.signatories[0]).toEqual({ role: "stadsdelsdirektör", name: "Toni Mellblom" });
    const renegotiated = trail.find((e) => e.eventType === "Renegotiated");
    expect(renegotiated?.before).toEqual(renegotiated?.after);
    expect(renegotiated?.after.publicParties).toEqual([jarva.name]);
    expect(
      readAuditTrail(audit, { agreementId: ids.y2024, asOf: "2024-06-01" }).map((e) => e.eventType),
    ).toEqual(["Granted"]);
    expect(readAuditTrail(audit, { agreementId: "unknown" })).toEqual([]);
  });

  it("funding (illustrative amounts): by year pro rata, and by party following the succession", () => {
    const report = readFunding(funding);
    expect(report.byYear).toEqual({
      2019: 116_812,
      2020: 133_188,
      2022: 324_000,
      2023: 330_000,
      2024: 340_000,
    });
    expect(report.byPublicParty).toEqual({
      [rinkebyKista.name]: 250_000 + 324_000 + 330_000,
      [jarva.name]: 340_000,
    });
    const followed = readFunding(funding, { followSuccessions: true });
    // 2023: 181 days with Rinkeby-Kista, 184 with Järva.
    expect(followed.byPublicParty).toEqual({
      [rinkebyKista.name]: 250_000 + 324_000 + 163_644,
      [jarva.name]: 166_356 + 340_000,
    });
    expect(followed.total).toBe(report.total);
    expect(readFunding(funding, { asOf: "2022-12-31" }).byYear).toEqual({
      2019: 116_812,
      2020: 133_188,
      2022: 324_000,
      2023: 330_000,
    });
  });
});
