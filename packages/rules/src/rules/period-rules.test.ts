import { addCalendarDays } from "@iop/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { yearOf } from "../dates.js";
import { configure } from "../rule-set.js";
import { dateFrom } from "../testing/arbitraries.js";
import { apply, check, grant, inputOf, sign } from "../testing/builders.js";
import { AGREEMENT_TOO_LONG, agreementTooLongRule, lastDayWithin } from "./agreement-too-long.js";
import { OPEN_ENDED_EXTENSION, openEndedExtensionRule } from "./open-ended-extension.js";
import { RETROACTIVE_START, retroactiveStartRule } from "./retroactive-start.js";

describe(RETROACTIVE_START, () => {
  const set = [{ rule: retroactiveStartRule }];

  it("passes a period that starts on the decision day, warns one day earlier", async () => {
    const onTheDay = grant({ period: { start: "2022-03-24", end: "2022-12-31" } });
    expect(await check(set, inputOf(onTheDay, apply()))).toEqual([]);
    const dayBefore = grant({ period: { start: "2022-03-23", end: "2022-12-31" } });
    expect(await check(set, inputOf(dayBefore, apply()))).toEqual([
      {
        code: RETROACTIVE_START,
        severity: "warning",
        field: "data.period.start",
        message: {
          sv: "Perioden börjar 2022-03-23, före beslutsdagen 2022-03-24: medlen beviljas retroaktivt",
          en: "The period starts on 2022-03-23, before the decision date 2022-03-24: the grant is retroactive",
        },
      },
    ]);
  });

  it("looks only at grants", async () => {
    expect(
      await check(set, inputOf(apply({ requestedPeriod: { start: "2020-01-01", end: "2020-12-31" } }))),
    ).toEqual([]);
  });
});

describe(AGREEMENT_TOO_LONG, () => {
  const set = [{ rule: agreementTooLongRule }];

  it("computes the last day within the limit", () => {
    expect(lastDayWithin("2022-01-01", 36)).toBe("2024-12-31");
    expect(lastDayWithin("2019-06-01", 15)).toBe("2020-08-31");
  });

  it("passes exactly 36 months and warns one day over, on the granted period", async () => {
    const exactly = grant({ period: { start: "2022-01-01", end: "2024-12-31" } });
    expect(await check(set, inputOf(exactly, apply()))).toEqual([]);
    const over = grant({ period: { start: "2022-01-01", end: "2025-01-01" } });
    const violations = await check(set, inputOf(over, apply()));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      code: AGREEMENT_TOO_LONG,
      severity: "warning",
      field: "data.period.end",
    });
    expect(violations[0]?.message.en).toContain("last day within the limit: 2024-12-31");
  });

  it("property: for any start and limit, a period to the last day within it passes and one day more warns", async () => {
    /** A date's calendar month counted from year 0, so a difference counts whole months. */
    const monthIndex = (date: string) => yearOf(date) * 12 + Number(date.slice(5, 7));
    await fc.assert(
      fc.asyncProperty(
        dateFrom("2000-01-01", 40 * 365),
        fc.integer({ min: 1, max: 60 }),
        async (start, maxMonths) => {
          const last = lastDayWithin(start, maxMonths);
          // The day after the limit is the start's day, maxMonths calendar months on, or that month's
          // last day when it is shorter.
          const next = addCalendarDays(last, 1);
          expect(monthIndex(next) - monthIndex(start)).toBe(maxMonths);
          const day = next.slice(8);
          expect(
            day === start.slice(8) || (day < start.slice(8) && addCalendarDays(next, 1).endsWith("-01")),
          ).toBe(true);
          const limited = configure(set, AGREEMENT_TOO_LONG, { params: { maxMonths } });
          const grantTo = (end: string) => inputOf(grant({ period: { start, end } }), apply());
          expect(await check(limited, grantTo(last))).toEqual([]);
          expect((await check(limited, grantTo(next))).map((v) => v.code)).toEqual([AGREEMENT_TOO_LONG]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("uses the configured limit", async () => {
    const set24 = configure(set, AGREEMENT_TOO_LONG, { params: { maxMonths: 24 } });
    expect(
      await check(set24, inputOf(grant({ period: { start: "2022-01-01", end: "2023-12-31" } }), apply())),
    ).toEqual([]);
    expect(
      await check(set24, inputOf(grant({ period: { start: "2022-01-01", end: "2024-01-01" } }), apply())),
    ).toHaveLength(1);
  });

  it("checks the requested period, an extension and an amended period", async () => {
    const longRequest = apply({ requestedPeriod: { start: "2022-01-01", end: "2025-06-30" } });
    expect((await check(set, inputOf(longRequest)))[0]?.field).toBe("data.requestedPeriod.end");
    const granted = [apply(), grant({ period: { start: "2022-01-01", end: "2024-06-30" } }), sign()] as const;
    const extendTo = (newEnd: string) =>
      inputOf({ type: "Extend", data: { decision: { body: "X", date: "2024-05-01" }, newEnd } }, ...granted);
    expect(await check(set, extendTo("2024-12-31"))).toEqual([]);
    expect((await check(set, extendTo("2025-01-01")))[0]?.field).toBe("data.newEnd");
    const amend = inputOf(
      {
        type: "Amend",
        data: {
          decision: { body: "X", date: "2022-05-01" },
          changes: { period: { start: "2022-01-01", end: "2025-01-01" } },
        },
      },
      ...granted,
    );
    expect((await check(set, amend))[0]?.field).toBe("data.changes.period.end");
  });

  it("checks a limited extension clause against the limit", async () => {
    const granted = [apply(), grant({ period: { start: "2022-01-01", end: "2023-12-31" } })] as const;
    const withExtension = (maxMonths: number) =>
      inputOf(sign({ terms: { extension: { kind: "limited", maxMonths } } }), ...granted);
    expect(await check(set, withExtension(12))).toEqual([]);
    expect((await check(set, withExtension(13)))[0]?.field).toBe("data.terms.extension.maxMonths");
  });
});

describe(OPEN_ENDED_EXTENSION, () => {
  const set = [{ rule: openEndedExtensionRule }];
  const granted = [apply(), grant()] as const;

  it("refuses an open-ended extension clause and cites the case", async () => {
    const violations = await check(
      set,
      inputOf(sign({ terms: { extension: { kind: "open-ended" } } }), ...granted),
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      code: OPEN_ENDED_EXTENSION,
      severity: "error",
      field: "data.terms.extension.kind",
    });
    expect(violations[0]?.message.sv).toContain("3556-18");
  });

  it("passes no extension and a limited one", async () => {
    expect(await check(set, inputOf(sign(), ...granted))).toEqual([]);
    expect(
      await check(
        set,
        inputOf(sign({ terms: { extension: { kind: "limited", maxMonths: 12 } } }), ...granted),
      ),
    ).toEqual([]);
  });
});
