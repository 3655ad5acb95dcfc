import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configure } from "../rule-set.js";
import { apply, check, grant, inputOf, sign, summary } from "../testing/builders.js";
import { ceilingInKronor, ceilingOn, DE_MINIMIS_EXCEEDED, deMinimisRule } from "./de-minimis.js";

/** 300 000 € × 11.5 = 3 450 000 kr (decisions from 2024); 200 000 € × 11.5 = 2 300 000 kr before. */
const set = configure([{ rule: deMinimisRule }], DE_MINIMIS_EXCEEDED, { params: { sekPerEur: 11.5 } });
const CEILING_2024 = 3_450_000;
const DECISION = "2024-03-21";

const applied = apply({ receivedOn: "2024-01-10" });
const grantOf = (kronor: number, date = DECISION) =>
  inputOf(
    grant({ grantedKronor: kronor, period: { start: "2024-04-01", end: "2024-12-31" } }, "Nämnd", date),
    applied,
  );

describe(DE_MINIMIS_EXCEEDED, () => {
  it("converts the euro ceiling to whole kronor exactly, rounding down", () => {
    expect(ceilingInKronor(300_000, 11.5)).toBe(3_450_000);
    // 300 000 × 10.87 is 3 260 999.9999999995 in floating point; the ceiling is 3 261 000.
    expect(Math.floor(300_000 * 10.87)).toBe(3_260_999);
    expect(ceilingInKronor(300_000, 10.87)).toBe(3_261_000);
    expect(ceilingInKronor(200_000, 10.987654)).toBe(2_197_530);
  });

  it("applies the ceiling in force on the decision date", () => {
    const { ceilings } = deMinimisRule.parameters.defaults;
    expect(ceilingOn(ceilings, "2023-12-31")?.eur).toBe(200_000);
    expect(ceilingOn(ceilings, "2024-01-01")?.eur).toBe(300_000);
    expect(ceilingOn(ceilings, "2006-12-31")).toBeUndefined();
  });

  it("passes a total exactly at the ceiling and refuses one krona over", async () => {
    const earlier = [
      summary({ agreementId: "a", grantedKronor: 1_000_000, grantedOn: "2022-03-24", status: "signed" }),
      summary({ agreementId: "b", grantedKronor: 450_000, grantedOn: "2023-06-01", status: "terminated" }),
    ];
    expect(await check(set, grantOf(CEILING_2024 - 1_450_000), earlier)).toEqual([]);
    const over = await check(set, grantOf(CEILING_2024 - 1_450_000 + 1), earlier);
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({
      code: DE_MINIMIS_EXCEEDED,
      severity: "error",
      field: "data.grantedKronor",
    });
    expect(over[0]?.message.en).toContain("3 450 001 kr");
    expect(over[0]?.message.en).toContain("by 1 kr");
    expect(over[0]?.message.en).toContain("agreements: a, b");
  });

  it("property: the sum of earlier grants and the new one passes iff it is at most the ceiling", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 1_500_000 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 2_000_000 }),
        async (amounts, kronor) => {
          const earlier = amounts.map((a, i) =>
            summary({ agreementId: `a${i}`, grantedKronor: a, grantedOn: "2023-01-01" }),
          );
          const total = amounts.reduce((s, a) => s + a, 0) + kronor;
          const violations = await check(set, grantOf(kronor), earlier);
          expect(violations.length === 1).toBe(total > CEILING_2024);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("counts grants decided within the three years up to the decision: not one decided exactly three years before", async () => {
    const at = (grantedOn: string) => [summary({ agreementId: "old", grantedKronor: 3_000_000, grantedOn })];
    expect(await check(set, grantOf(450_001), at("2021-03-21"))).toEqual([]);
    expect(await check(set, grantOf(450_001), at("2021-03-22"))).toHaveLength(1);
    // Nor grants decided after this decision, rejected or withdrawn agreements, or other organisations.
    expect(await check(set, grantOf(450_001), at("2024-03-22"))).toEqual([]);
    for (const status of ["rejected", "withdrawn", "applied"] as const)
      expect(
        await check(set, grantOf(450_001), [
          summary({ agreementId: "x", grantedKronor: 3_000_000, grantedOn: "2023-01-01", status }),
        ]),
      ).toEqual([]);
    expect(
      await check(set, grantOf(450_001), [
        summary({
          agreementId: "x",
          organisationNumber: "556016-0680",
          grantedKronor: 3_000_000,
          grantedOn: "2023-01-01",
        }),
      ]),
    ).toEqual([]);
  });

  it("matches the organisation however its number is written", async () => {
    const earlier = [
      summary({
        agreementId: "x",
        organisationNumber: "168024001235",
        grantedKronor: 3_000_000,
        grantedOn: "2023-01-01",
      }),
    ];
    expect(await check(set, grantOf(450_001), earlier)).toHaveLength(1);
  });

  it("uses the earlier EUR 200 000 ceiling for decisions before 2024", async () => {
    const in2023 = inputOf(
      grant(
        { grantedKronor: 2_300_001, period: { start: "2023-04-01", end: "2023-12-31" } },
        "Nämnd",
        "2023-03-21",
      ),
      apply({ receivedOn: "2023-01-10" }),
    );
    const violations = await check(set, in2023);
    expect(violations[0]?.message.en).toContain("EUR 200000 = 2 300 000 kr");
  });

  it("adds the money of an extension to this agreement's grant", async () => {
    const before = [
      apply({ receivedOn: "2024-01-10" }),
      grant(
        { grantedKronor: 3_000_000, period: { start: "2024-04-01", end: "2024-12-31" } },
        "Nämnd",
        DECISION,
      ),
      sign({ signedOn: "2024-03-25" }),
    ] as const;
    const extend = (additionalKronor: number) =>
      inputOf(
        {
          type: "Extend",
          data: { decision: { body: "Nämnd", date: "2024-10-01" }, newEnd: "2025-03-31", additionalKronor },
        },
        ...before,
      );
    expect(await check(set, extend(450_000))).toEqual([]);
    expect((await check(set, extend(450_001)))[0]?.field).toBe("data.additionalKronor");
  });
});
