import { describe, expect, it } from "vitest";
import { configure } from "../rule-set.js";
import { AGREEMENT_ID, apply, check, grant, inputOf, sign, summary } from "../testing/builders.js";
import { OVERLAPPING_AGREEMENT, overlappingAgreementRule } from "./overlapping-agreement.js";

const set = [{ rule: overlappingAgreementRule }];
/** The new grant: 2022-04-01 → 2022-12-31, partnership "test-partnership", Rinkeby-Kista. */
const newGrant = inputOf(grant(), apply());
const unrelated = { partnershipId: "other", purpose: "Något annat", activities: ["Läxhjälp"] };

describe(OVERLAPPING_AGREEMENT, () => {
  it("warns when the same partnership's other agreement shares one day", async () => {
    const other = summary({
      agreementId: "earlier",
      partnershipId: "test-partnership",
      period: { start: "2021-04-01", end: "2022-04-01" },
    });
    const violations = await check(set, newGrant, [other]);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      code: OVERLAPPING_AGREEMENT,
      severity: "warning",
      field: "data.period",
    });
    expect(violations[0]?.message.en).toContain("earlier (2021-04-01 – 2022-04-01)");
  });

  it("passes an agreement that ends the day before", async () => {
    const other = summary({
      agreementId: "earlier",
      partnershipId: "test-partnership",
      period: { start: "2021-04-01", end: "2022-03-31" },
    });
    expect(await check(set, newGrant, [other])).toEqual([]);
  });

  it("recognises the same activity by purpose or activity name too", async () => {
    const period = { start: "2022-01-01", end: "2022-12-31" };
    const samePurpose = summary({
      agreementId: "p",
      ...unrelated,
      purpose: "  kreativ fritid för  BARN och unga",
      period,
    });
    expect(await check(set, newGrant, [samePurpose])).toHaveLength(1);
    const sameActivity = summary({ agreementId: "a", ...unrelated, activities: ["art camp"], period });
    // The agreement's own activities come from the lookup's summary of it.
    const self = summary({ agreementId: AGREEMENT_ID, activities: ["Art Camp"], status: "applied" });
    expect(await check(set, newGrant, [sameActivity, self])).toHaveLength(1);
    expect(await check(set, newGrant, [sameActivity])).toEqual([]);
    const onlyPartnership = configure(set, OVERLAPPING_AGREEMENT, {
      params: { sameActivityWhen: ["partnership"] },
    });
    expect(await check(onlyPartnership, newGrant, [samePurpose])).toEqual([]);
  });

  it("ignores other activities, other authorities and agreements that are not running", async () => {
    const period = { start: "2022-01-01", end: "2022-12-31" };
    expect(await check(set, newGrant, [summary({ agreementId: "u", ...unrelated, period })])).toEqual([]);
    const otherCouncil = summary({
      agreementId: "o",
      partnershipId: "test-partnership",
      publicParties: ["Järva stadsdelsnämnd"],
      period,
    });
    expect(await check(set, newGrant, [otherCouncil])).toEqual([]);
    for (const status of ["rejected", "withdrawn", "applied"] as const)
      expect(
        await check(set, newGrant, [
          summary({ agreementId: "r", partnershipId: "test-partnership", period, status }),
        ]),
      ).toEqual([]);
  });

  it("checks an extension's new period", async () => {
    const other = summary({
      agreementId: "next",
      partnershipId: "test-partnership",
      period: { start: "2023-01-01", end: "2023-12-31" },
    });
    const extend = (newEnd: string) =>
      inputOf(
        { type: "Extend", data: { decision: { body: "X", date: "2022-10-01" }, newEnd } },
        apply(),
        grant(),
        sign(),
      );
    expect(await check(set, extend("2022-12-31"), [other])).toEqual([]);
    expect(await check(set, extend("2023-01-01"), [other])).toHaveLength(1);
  });
});
