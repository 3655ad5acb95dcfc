import { addCalendarDays, periodDays } from "@iop/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addYears } from "../dates.js";
import { configure } from "../rule-set.js";
import { dateFrom } from "../testing/arbitraries.js";
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

  it("property: however the ceiling is split across agreements decided within the three years, exactly the ceiling passes and one krona more is refused", async () => {
    const { ceilings } = deMinimisRule.parameters.defaults;
    const cases = fc
      .record({
        date: dateFrom("2008-01-01", 30 * 365),
        rate: fc.integer({ min: 8_000_000, max: 13_000_000 }),
      })
      .chain(({ date, rate }) => {
        const sekPerEur = rate / 1_000_000;
        const ceiling = ceilingInKronor(ceilingOn(ceilings, date)?.eur ?? 0, sekPerEur);
        const windowStart = addYears(date, -3);
        // The window is the days after windowStart up to and including the decision date.
        const inWindow = fc
          .integer({ min: 1, max: periodDays({ start: windowStart, end: date }) - 1 })
          .map((n) => addCalendarDays(windowStart, n));
        const outsideWindow = fc.oneof(
          fc.constant(windowStart),
          fc.integer({ min: 0, max: 3_000 }).map((n) => addCalendarDays(windowStart, -n)),
          fc.integer({ min: 1, max: 3_000 }).map((n) => addCalendarDays(date, n)),
        );
        const ignoredGrant = fc.record({ kronor: fc.integer({ min: 1, max: 5_000_000 }), on: outsideWindow });
        return fc.record({
          date: fc.constant(date),
          sekPerEur: fc.constant(sekPerEur),
          ceiling: fc.constant(ceiling),
          cuts: fc.uniqueArray(fc.integer({ min: 1, max: ceiling - 1 }), { maxLength: 5 }),
          grantedOn: fc.array(inWindow, { minLength: 5, maxLength: 5 }),
          ignored: fc.array(ignoredGrant, { maxLength: 3 }),
          bumped: fc.nat(),
        });
      });
    await fc.assert(
      fc.asyncProperty(cases, async ({ date, sekPerEur, ceiling, cuts, grantedOn, ignored, bumped }) => {
        // The cuts split the ceiling into parts: the last is the new grant, the others earlier ones.
        const bounds = [0, ...cuts.sort((a, b) => a - b), ceiling];
        const parts = bounds.slice(1).map((bound, i) => bound - (bounds[i] ?? 0));
        const rated = configure(set, DE_MINIMIS_EXCEEDED, { params: { sekPerEur } });
        const run = async (amounts: number[]) => {
          const newGrant = amounts.at(-1) ?? 0;
          const others = [
            ...amounts.slice(0, -1).map((kronor, i) =>
              summary({
                agreementId: `a${i}`,
                grantedKronor: kronor,
                grantedOn: grantedOn[i] ?? date,
              }),
            ),
            ...ignored.map((o, i) =>
              summary({ agreementId: `x${i}`, grantedKronor: o.kronor, grantedOn: o.on }),
            ),
          ];
          const input = inputOf(
            grant(
              { grantedKronor: newGrant, period: { start: date, end: addCalendarDays(date, 90) } },
              "Nämnd",
              date,
            ),
            apply({ receivedOn: date }),
          );
          return check(rated, input, others);
        };
        expect(await run(parts)).toEqual([]);
        const over = parts.map((p, i) => (i === bumped % parts.length ? p + 1 : p));
        const refused = await run(over);
        expect(refused.map((v) => v.code)).toEqual([DE_MINIMIS_EXCEEDED]);
        expect(refused[0]?.message.en).toContain("by 1 kr");
      }),
      { numRuns: 200 },
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
