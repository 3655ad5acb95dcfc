import { describe, expect, it } from "vitest";
import { genericSwedishRules } from "./presets/generic-swedish.js";
import { stockholmRules } from "./presets/stockholm.js";
import { defineRule, noParameters } from "./rule.js";
import { codesOf, configure, extend, RuleSetError, replace, ruleEntry, without } from "./rule-set.js";
import { AGREEMENT_TOO_LONG, agreementTooLongRule } from "./rules/agreement-too-long.js";
import { DE_MINIMIS_EXCEEDED } from "./rules/de-minimis.js";
import { RETROACTIVE_START } from "./rules/retroactive-start.js";
import { apply, check, grant, inputOf } from "./testing/builders.js";
import { resolveRuleSet } from "./validator.js";
import { violation } from "./violation.js";

/** A municipality's own rule: every decision must carry a case number (diarienummer). */
const caseNumberRequired = defineRule({
  code: "CASE_NUMBER_MISSING",
  description: { sv: "Beslutet har ett diarienummer", en: "The decision has a case number" },
  source: "Example municipality's own guidelines",
  defaultSeverity: "error",
  appliesTo: ["Granted", "Rejected"],
  parameters: noParameters,
  check({ event }) {
    if (
      (event.type !== "Granted" && event.type !== "Rejected") ||
      event.data.decision.caseNumber !== undefined
    )
      return [];
    return [
      violation("CASE_NUMBER_MISSING", "error", "data.decision.caseNumber", {
        sv: "Beslutet saknar diarienummer",
        en: "The decision has no case number",
      }),
    ];
  },
});

describe("rule sets", () => {
  it("the presets hold every shipped rule once, Stockholm adding the reference-data check", () => {
    expect(codesOf(genericSwedishRules)).toEqual([
      "ORG_NUMBER_FORMAT",
      "ORG_NUMBER_CHECK_DIGIT",
      "ORG_NUMBER_PUBLIC_BODY",
      "RETROACTIVE_START",
      "AGREEMENT_TOO_LONG",
      "OPEN_ENDED_EXTENSION",
      "ONE_SIDED_CONTRIBUTION",
      "DE_MINIMIS_EXCEEDED",
      "OVERLAPPING_AGREEMENT",
      "REPORT_LATE",
      "REFERENCE_UNKNOWN",
      "REFERENCE_OTHER_PARTNERSHIP",
    ]);
    expect(codesOf(stockholmRules)).toEqual([...codesOf(genericSwedishRules), "AUTHORITY_NOT_IN_FORCE"]);
    expect(() => resolveRuleSet(genericSwedishRules)).not.toThrow();
    expect(() => resolveRuleSet(stockholmRules)).not.toThrow();
  });

  it("extend adds a municipality's rule; a duplicate code is refused", async () => {
    const mine = extend(genericSwedishRules, { rule: caseNumberRequired });
    expect(codesOf(mine).at(-1)).toBe("CASE_NUMBER_MISSING");
    const violations = await check(mine, inputOf(grant(), apply()));
    expect(violations.map((v) => v.code)).toContain("CASE_NUMBER_MISSING");
    expect(() => extend(mine, { rule: caseNumberRequired })).toThrow(RuleSetError);
    // The preset itself is untouched.
    expect(codesOf(genericSwedishRules)).not.toContain("CASE_NUMBER_MISSING");
  });

  it("replace swaps a rule in place; without removes one; both refuse unknown codes", () => {
    const replaced = replace(genericSwedishRules, RETROACTIVE_START, { rule: caseNumberRequired });
    expect(codesOf(replaced)[3]).toBe("CASE_NUMBER_MISSING");
    expect(codesOf(replaced)).not.toContain(RETROACTIVE_START);
    expect(codesOf(without(genericSwedishRules, DE_MINIMIS_EXCEEDED))).not.toContain(DE_MINIMIS_EXCEEDED);
    expect(() => without(genericSwedishRules, "NO_SUCH_RULE")).toThrow(/NO_SUCH_RULE is not in the set/);
    expect(() => replace(genericSwedishRules, "NO_SUCH_RULE", { rule: caseNumberRequired })).toThrow(
      RuleSetError,
    );
    expect(() => replace(genericSwedishRules, RETROACTIVE_START, { rule: agreementTooLongRule })).toThrow(
      /AGREEMENT_TOO_LONG is already in the set/,
    );
  });

  it("configure changes parameters and severity; the severity reaches the violations", async () => {
    const strict = configure(genericSwedishRules, RETROACTIVE_START, { severity: "error" });
    const retroactive = inputOf(grant({ period: { start: "2022-01-01", end: "2022-12-31" } }), apply());
    expect(await check(genericSwedishRules, retroactive)).toEqual([
      expect.objectContaining({ code: RETROACTIVE_START, severity: "warning" }),
    ]);
    expect(await check(strict, retroactive)).toEqual([
      expect.objectContaining({ code: RETROACTIVE_START, severity: "error" }),
    ]);
    const short = configure(genericSwedishRules, AGREEMENT_TOO_LONG, { params: { maxMonths: 6 } });
    expect((await check(short, retroactive)).map((v) => v.code)).toEqual([
      RETROACTIVE_START,
      AGREEMENT_TOO_LONG,
    ]);
  });

  it("refuses parameters a rule's schema rejects, when the validator is created", () => {
    expect(() =>
      resolveRuleSet(configure(genericSwedishRules, AGREEMENT_TOO_LONG, { params: { maxMonths: 0 } })),
    ).toThrow(/parameters of AGREEMENT_TOO_LONG: maxMonths/);
    expect(() =>
      resolveRuleSet([ruleEntry(caseNumberRequired, { params: { unexpected: 1 } as never })]),
    ).toThrow(RuleSetError);
    expect(() => resolveRuleSet([{ rule: caseNumberRequired }, { rule: caseNumberRequired }])).toThrow(
      /twice/,
    );
  });
});
