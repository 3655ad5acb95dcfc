import { describe, expect, it } from "vitest";
import { stockholmDistrictCouncils } from "../reference/stockholm-district-councils.js";
import { ruleEntry } from "../rule-set.js";
import { apply, check, grant, inputOf, sign } from "../testing/builders.js";
import { AUTHORITY_NOT_IN_FORCE, authorityInForceRule } from "./authority-in-force.js";

const set = [ruleEntry(authorityInForceRule, { params: { registry: stockholmDistrictCouncils } })];
const RK = "Rinkeby-Kista stadsdelsnämnd";
const JARVA = "Järva stadsdelsnämnd";
const appliedTo = (council: string) =>
  apply({
    publicParties: [{ name: council }],
    receivedOn: "2023-01-10",
    requestedPeriod: { start: "2023-09-01", end: "2023-12-31" },
  });
const grantBy = (body: string, date: string, party = body) =>
  inputOf(grant({ period: { start: "2023-09-01", end: "2023-12-31" } }, body, date), appliedTo(party));

describe(AUTHORITY_NOT_IN_FORCE, () => {
  it("passes a council's decision on its last day, refuses it the day after and names the successor", async () => {
    expect(await check(set, grantBy(RK, "2023-06-30"))).toEqual([]);
    const violations = await check(set, grantBy(RK, "2023-07-01"));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      code: AUTHORITY_NOT_IN_FORCE,
      severity: "error",
      field: "data.decision.body",
    });
    expect(violations[0]?.message.sv).toContain("efterträddes av Järva stadsdelsnämnd");
    expect(violations[0]?.message.en).toContain("succeeded by Järva stadsdelsnämnd");
    expect(violations[0]?.message.en).toContain("2023-04-24");
  });

  it("refuses a decision by a council before it existed, naming who was there then", async () => {
    const violations = await check(set, grantBy(JARVA, "2023-06-30"));
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message.en).toContain("exists from 2023-07-01");
    expect(violations[0]?.message.en).toContain(
      "Rinkeby-Kista stadsdelsnämnd / Spånga-Tensta stadsdelsnämnd",
    );
  });

  it("refuses a successor's decision on an agreement whose party was never succeeded", async () => {
    const violations = await check(set, grantBy(JARVA, "2023-08-01", RK));
    expect(violations).toEqual([
      expect.objectContaining({
        field: "state.publicParties.0.name",
        message: expect.objectContaining({ en: expect.stringContaining("succeeded by Järva") }),
      }),
    ]);
  });

  it("checks every decision: rejection, renegotiation, evaluation approval", async () => {
    const signed = [
      appliedTo(RK),
      grant({ period: { start: "2023-01-01", end: "2023-12-31" } }, RK, "2023-02-01"),
      sign({ signedOn: "2023-02-10" }),
    ] as const;
    const renegotiate = inputOf(
      { type: "Renegotiate", data: { decision: { body: RK, date: "2023-09-01" } } },
      ...signed,
    );
    expect(await check(set, renegotiate)).toHaveLength(1);
    const reject = inputOf(
      { type: "Reject", data: { decision: { body: RK, date: "2023-09-01" }, reason: "Nej" } },
      appliedTo(RK),
    );
    expect(await check(set, reject)).toHaveLength(1);
    // After the recorded succession, Järva may decide on the agreement.
    const succeeded = [
      ...signed,
      {
        type: "SucceedPublicParty",
        data: { predecessor: { name: RK }, successor: { name: JARVA }, effectiveOn: "2023-07-01" },
      },
    ] as const;
    const byJarva = inputOf(
      { type: "Renegotiate", data: { decision: { body: JARVA, date: "2023-09-01" } } },
      ...succeeded,
    );
    expect(await check(set, byJarva)).toEqual([]);
  });

  it("does not judge bodies the data does not know, or dates before it begins", async () => {
    expect(await check(set, grantBy("Socialnämnden", "2023-08-01"))).toEqual([]);
    expect(await check(set, grantBy(RK, "2006-12-31"))).toEqual([]);
    expect(await check([{ rule: authorityInForceRule }], grantBy(RK, "2023-08-01"))).toEqual([]);
  });
});
