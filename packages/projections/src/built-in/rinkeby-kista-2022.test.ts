import {
  organisations,
  priorityAreas,
  RINKEBY_KISTA_DECISION_DATE,
  rinkebyKista,
  rinkebyKista2022,
} from "@iop/fixtures";
import { beforeAll, describe, expect, it } from "vitest";
import { checkProjection } from "../check-projection.js";
import type { Clocks } from "../clocks.js";
import { runLive } from "../run-live.js";
import { allEvents, businessDatePlus, recordScript } from "../test-support/record.js";
import type { FactLogState } from "./fact-log-projection.js";
import { fundingProjection, readFunding } from "./funding.js";
import { readRegister, registerProjection } from "./register.js";
import { readReportsDue, reportsDueProjection } from "./reports-due.js";

describe("Rinkeby-Kista's 2022 decisions", () => {
  let register: FactLogState;
  let funding: FactLogState;
  beforeAll(async () => {
    // Each command recorded the day after its business date, at noon UTC: the grants of
    // 2022-03-24 were recorded at 2022-03-25T12:00Z.
    const store = await recordScript(rinkebyKista2022, businessDatePlus(1));
    const events = await allEvents(store);
    register = checkProjection(registerProjection, events);
    funding = checkProjection(fundingProjection, events);
    expect(await runLive(registerProjection, store)).toEqual(register);
  });

  it("register: eight applications, six granted (6 771 000 kr) and two rejected, all on 2022-03-24", () => {
    const rows = readRegister(register, { inForceOn: "2022-06-30", decidedBy: "2022-06-30" });
    expect(rows).toHaveLength(8);
    const granted = rows.filter((r) => r.status === "granted");
    expect(granted.map((r) => [r.organisation.name, r.grantedKronor])).toEqual([
      [organisations.fryshusetHusby.name, 1_378_000],
      [organisations.kistaSc.name, 1_312_000],
      [organisations.loparakademin.name, 495_000],
      [organisations.rinkebyFolketsHus.name, 2_150_000],
      [organisations.husbyKonst.name, 324_000],
      [organisations.studieframjandet.name, 1_112_000],
    ]);
    expect(granted.reduce((sum, r) => sum + (r.grantedKronor ?? 0), 0)).toBe(6_771_000);
    expect(granted.every((r) => r.inForce && r.dates.grantedOn === RINKEBY_KISTA_DECISION_DATE)).toBe(true);
    expect(granted.every((r) => r.period?.start === "2022-01-01" && r.period.end === "2022-12-31")).toBe(
      true,
    );
    expect(granted.every((r) => r.publicParties[0]?.name === rinkebyKista.name)).toBe(true);

    const rejected = rows.filter((r) => r.status === "rejected");
    expect(
      rejected.map((r) => [r.organisation.name, r.requestedKronor, r.dates.rejectedOn, r.inForce]),
    ).toEqual([
      [organisations.stadsmissionen.name, 3_622_080, RINKEBY_KISTA_DECISION_DATE, false],
      [organisations.somUnited.name, 245_000, RINKEBY_KISTA_DECISION_DATE, false],
    ]);
    const folketsHus = rows.find((r) => r.organisation.name === organisations.rinkebyFolketsHus.name);
    expect(folketsHus).toMatchObject({ requestedKronor: 2_148_924, grantedKronor: 2_150_000 });
  });

  it("register as decided by the day before the board meeting: all eight pending, nothing in force", () => {
    const rows = readRegister(register, { inForceOn: "2022-03-23", decidedBy: "2022-03-23" });
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.status === "applied" && r.inForce === false && r.grantedKronor === null)).toBe(
      true,
    );
    expect(readRegister(register, { decidedBy: "2022-02-01" }).map((r) => r.organisation.name)).toEqual([
      organisations.fryshusetHusby.name,
    ]);
  });

  it("funding: 6 771 000 kr from Rinkeby-Kista for 2022, by priority area", () => {
    const report = readFunding(funding);
    expect(report.total).toBe(6_771_000);
    expect(report.byPublicParty).toEqual({ [rinkebyKista.name]: 6_771_000 });
    expect(report.byYear).toEqual({ 2022: 6_771_000 });
    expect(report.byPriorityArea).toEqual({
      [priorityAreas.earlyInterventions]: 1_378_000 + 324_000 + 1_312_000 + 495_000,
      [priorityAreas.selfSufficiency]: 2_150_000 + 1_112_000,
    });
    expect(report.rows).toEqual([
      {
        publicParty: rinkebyKista.name,
        year: 2022,
        priorityArea: priorityAreas.earlyInterventions,
        kronor: 3_509_000,
      },
      {
        publicParty: rinkebyKista.name,
        year: 2022,
        priorityArea: priorityAreas.selfSufficiency,
        kronor: 3_262_000,
      },
    ]);
    expect(report.agreements).toHaveLength(6);
  });

  it("funding as decided before the decisions: nothing granted", () => {
    expect(readFunding(funding, { decidedBy: "2022-03-23" })).toMatchObject({
      total: 0,
      rows: [],
      agreements: [],
    });
    expect(readFunding(funding, { decidedBy: RINKEBY_KISTA_DECISION_DATE }).total).toBe(6_771_000);
  });
});

describe("the retroactive grants on the three clocks: in force on 2022-02-15, before they were decided", () => {
  let register: FactLogState;
  let funding: FactLogState;
  let reports: FactLogState;
  beforeAll(async () => {
    const events = await allEvents(await recordScript(rinkebyKista2022, businessDatePlus(1)));
    register = checkProjection(registerProjection, events);
    funding = checkProjection(fundingProjection, events);
    reports = checkProjection(reportsDueProjection, events);
  });
  const day = "2022-02-15";
  const granted = 6;
  const inForce = (clocks: Omit<Clocks, "inForceOn">) =>
    readRegister(register, { inForceOn: day, ...clocks }).filter((r) => r.inForce).length;
  // The grants' recordedAt is 2022-03-25T12:00Z.
  const recordedBefore = "2022-03-25T11:59:59Z";
  const recordedAfter = "2022-03-25T12:00:00Z";

  it("register: in force with no horizon, or as decided (or recorded) after the decision", () => {
    expect(inForce({})).toBe(granted);
    expect(inForce({ decidedBy: "2022-04-01" })).toBe(granted);
    expect(inForce({ recordedBy: recordedAfter })).toBe(granted);
    expect(inForce({ decidedBy: "2022-04-01", recordedBy: recordedAfter })).toBe(granted);
  });

  it("register: not in force as decided on that day, nor as recorded before the grants", () => {
    expect(inForce({ decidedBy: day })).toBe(0);
    expect(inForce({ recordedBy: recordedBefore })).toBe(0);
    expect(inForce({ decidedBy: "2022-04-01", recordedBy: recordedBefore })).toBe(0);
    // The deprecated asOf is both the day and the horizon: not in force.
    expect(readRegister(register, { asOf: day }).filter((r) => r.inForce)).toEqual([]);
  });

  it("funding: granted as decided or recorded after the decision, nothing before", () => {
    expect(readFunding(funding, {}).total).toBe(6_771_000);
    expect(readFunding(funding, { decidedBy: "2022-04-01" }).total).toBe(6_771_000);
    expect(readFunding(funding, { recordedBy: recordedAfter }).total).toBe(6_771_000);
    expect(readFunding(funding, { decidedBy: day }).total).toBe(0);
    expect(readFunding(funding, { recordedBy: recordedBefore }).total).toBe(0);
  });

  it("reports due: the 2022 reports are owed on 2023-01-15 only as decided (and recorded) after the grants", () => {
    const due = (clocks: Omit<Clocks, "inForceOn">) =>
      readReportsDue(reports, { inForceOn: "2023-01-15", ...clocks }).map((r) => [r.year, r.status]);
    const owed = Array.from({ length: granted }, () => [2022, "due"]);
    expect(due({})).toEqual(owed);
    expect(due({ decidedBy: "2022-04-01" })).toEqual(owed);
    expect(due({ recordedBy: recordedAfter })).toEqual(owed);
    expect(due({ decidedBy: day })).toEqual([]);
    expect(due({ recordedBy: recordedBefore })).toEqual([]);
    // On 2022-02-15 itself no year has ended: nothing is due, whatever the horizon.
    expect(readReportsDue(reports, { inForceOn: day })).toEqual([]);
  });
});
