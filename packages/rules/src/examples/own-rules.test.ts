import { readFileSync } from "node:fs";
import type { Command } from "@iop/core";
import { describe, expect, it } from "vitest";
import { genericSwedishRules } from "../presets/generic-swedish.js";
import { codesOf } from "../rule-set.js";
import { apply, COUNCIL, check, grant, inputOf, sign } from "../testing/builders.js";
import { ourRules } from "./own-rules.js";

const decided = (date = "2022-03-24", body = COUNCIL) => ({ body, date, caseNumber: "1.5.3-219-2022" });

describe("the README's example of a municipality's own rules", () => {
  it("is this module, verbatim", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const shown = /## A municipality's own rules\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe(readFileSync(new URL("./own-rules.ts", import.meta.url), "utf8"));
  });

  it("adds, reconfigures, replaces and drops rules in place", () => {
    const generic = codesOf(genericSwedishRules).filter((c) => c !== "OVERLAPPING_AGREEMENT");
    expect(codesOf(ourRules)).toEqual([...generic, "CASE_NUMBER_MISSING", "AUTHORITY_NOT_IN_FORCE"]);
  });

  it("refuses a decision without a case number, and a retroactive grant", async () => {
    const codes = async (command: Command) =>
      (await check(ourRules, inputOf(command, apply()))).map((v) => v.code);
    expect(await codes(grant({ decision: decided() }))).toEqual([]);
    expect(await codes(grant())).toEqual(["CASE_NUMBER_MISSING"]);
    const retroactive = await check(
      ourRules,
      inputOf(grant({ decision: decided(), period: { start: "2022-01-01", end: "2022-12-31" } }), apply()),
    );
    expect(retroactive.map(({ code, severity }) => ({ code, severity }))).toEqual([
      { code: "RETROACTIVE_START", severity: "error" },
    ]);
  });

  it("warns above 24 months", async () => {
    const to = (end: string) =>
      inputOf(grant({ decision: decided(), period: { start: "2022-04-01", end } }), apply());
    expect(await check(ourRules, to("2024-03-31"))).toEqual([]);
    expect((await check(ourRules, to("2024-04-01"))).map((v) => v.code)).toEqual(["AGREEMENT_TOO_LONG"]);
  });

  it("wants a report within 30 days above 1 000 000 kr, by 31 March below", async () => {
    const reportOn = (reportedOn: string, grantedKronor: number) =>
      inputOf(
        { type: "ReportPeriod", data: { reportedOn, period: { start: "2022-04-01", end: "2022-12-31" } } },
        apply(),
        grant({ decision: decided(), grantedKronor }),
        sign(),
      );
    expect(await check(ourRules, reportOn("2023-01-30", 1_000_001))).toEqual([]);
    expect((await check(ourRules, reportOn("2023-01-31", 1_000_001))).map((v) => v.code)).toEqual([
      "REPORT_LATE",
    ]);
    expect(await check(ourRules, reportOn("2023-03-31", 1_000_000))).toEqual([]);
  });

  it("knows Socialnämnden besides Stockholm's district councils", async () => {
    const by = (body: string, date: string) =>
      check(
        ourRules,
        inputOf(
          grant({ decision: decided(date, body), period: { start: date, end: "2023-12-31" } }),
          apply({ publicParties: [{ name: body }], receivedOn: "2023-06-01" }),
        ),
      );
    expect(await by("Socialnämnden", "2023-08-01")).toEqual([]);
    expect((await by(COUNCIL, "2023-08-01")).map((v) => v.code)).toEqual(["AUTHORITY_NOT_IN_FORCE"]);
  });
});
