import {
  organisations,
  priorityAreas,
  RINKEBY_KISTA_DECISION_DATE,
  rinkebyKista,
  rinkebyKista2022,
} from "@iop/fixtures";
import { beforeAll, describe, expect, it } from "vitest";
import { checkProjection } from "../check-projection.js";
import { runLive } from "../run-live.js";
import { allEvents, recordScript } from "../test-support/record.js";
import type { FactLogState } from "./fact-log-projection.js";
import { fundingProjection, readFunding } from "./funding.js";
import { readRegister, registerProjection } from "./register.js";

describe("Rinkeby-Kista's 2022 decisions", () => {
  let register: FactLogState;
  let funding: FactLogState;
  beforeAll(async () => {
    const store = await recordScript(rinkebyKista2022);
    const events = await allEvents(store);
    register = checkProjection(registerProjection, events);
    funding = checkProjection(fundingProjection, events);
    expect(await runLive(registerProjection, store)).toEqual(register);
  });

  it("register: eight applications, six granted (6 771 000 kr) and two rejected, all on 2022-03-24", () => {
    const rows = readRegister(register, { asOf: "2022-06-30" });
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

  it("register as of the day before the board meeting: all eight pending, nothing in force", () => {
    const rows = readRegister(register, { asOf: "2022-03-23" });
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.status === "applied" && r.inForce === false && r.grantedKronor === null)).toBe(
      true,
    );
    expect(readRegister(register, { asOf: "2022-02-01" }).map((r) => r.organisation.name)).toEqual([
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

  it("funding as of before the decisions: nothing granted", () => {
    expect(readFunding(funding, { asOf: "2022-03-23" })).toMatchObject({
      total: 0,
      rows: [],
      agreements: [],
    });
    expect(readFunding(funding, { asOf: RINKEBY_KISTA_DECISION_DATE }).total).toBe(6_771_000);
  });
});
