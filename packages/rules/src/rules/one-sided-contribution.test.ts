import type { Contribution } from "@iop/core";
import { describe, expect, it } from "vitest";
import { configure } from "../rule-set.js";
import { apply, check, grant, inputOf, sign } from "../testing/builders.js";
import { ONE_SIDED_CONTRIBUTION, oneSidedContributionRule } from "./one-sided-contribution.js";

const set = [{ rule: oneSidedContributionRule }];
const publicMoney: Contribution = { party: "public", kind: "money", description: "Bidrag" };
const publicStaff: Contribution = { party: "public", kind: "staff", description: "Personal" };
const organisationPremises: Contribution = { party: "organisation", kind: "premises", description: "Lokal" };

async function onApplication(contributions: Contribution[]) {
  return check(set, inputOf(apply({ contributions })));
}

describe(ONE_SIDED_CONTRIBUTION, () => {
  it("refuses only public money with nothing from the organisation: a purchase", async () => {
    const violations = await onApplication([publicMoney]);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      code: ONE_SIDED_CONTRIBUTION,
      severity: "error",
      field: "data.contributions",
    });
    expect(violations[0]?.message.en).toContain("only money");
    expect(violations[0]?.message.sv).toContain("köp");
  });

  it("refuses when only the public side contributes, whatever it brings", async () => {
    expect(await onApplication([publicMoney, publicStaff])).toHaveLength(1);
  });

  it("refuses when only the organisation contributes", async () => {
    expect((await onApplication([organisationPremises]))[0]?.message.en).toContain("Only the organisation");
  });

  it("passes when both contribute, money included or not", async () => {
    expect(await onApplication([publicMoney, organisationPremises])).toEqual([]);
    expect(await onApplication([publicStaff, organisationPremises])).toEqual([]);
  });

  it("treats an empty list as not stated, unless contributions are required", async () => {
    expect(await onApplication([])).toEqual([]);
    const strict = configure(set, ONE_SIDED_CONTRIBUTION, { params: { requireContributions: true } });
    expect(await check(strict, inputOf(apply({ contributions: [] })))).toHaveLength(1);
  });

  it("checks the signed terms and amended contributions", async () => {
    const signed = inputOf(sign({ terms: { contributions: [publicMoney] } }), apply(), grant());
    expect((await check(set, signed))[0]?.field).toBe("data.terms.contributions");
    const amended = inputOf(
      {
        type: "Amend",
        data: { decision: { body: "X", date: "2022-06-01" }, changes: { contributions: [publicMoney] } },
      },
      apply(),
      grant(),
      sign(),
    );
    expect((await check(set, amended))[0]?.field).toBe("data.changes.contributions");
  });
});
