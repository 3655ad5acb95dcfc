import { AgreementCommandHandler, type Command, RuleViolationError } from "@iop/core";
import { createMemoryStore } from "@iop/store-memory";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { storeAgreementLookup } from "../context/store-lookup.js";
import { ONE_SIDED_CONTRIBUTION } from "../rules/one-sided-contribution.js";
import { RETROACTIVE_START } from "../rules/retroactive-start.js";
import { agreementChain } from "../testing/generated-agreements.js";
import { createValidator } from "../validator.js";
import { genericSwedishRules } from "./generic-swedish.js";

function handler() {
  const store = createMemoryStore();
  const validator = createValidator(genericSwedishRules, { otherAgreements: storeAgreementLookup(store) });
  return new AgreementCommandHandler({ store, validator });
}

describe("the generic Swedish set on generated agreements", () => {
  it("property: a chain of valid agreements records with no error; the only warnings are retroactive grants", async () => {
    const seen = { longChains: 0, retroactive: 0, amended: 0, extended: 0, reported: 0 };
    await fc.assert(
      fc.asyncProperty(agreementChain, async (chain) => {
        const h = handler();
        if (chain.length > 2) seen.longChains++;
        for (const agreement of chain) {
          const warnings: { type: Command["type"]; code: string }[] = [];
          for (const command of agreement.commands) {
            const { warnings: recorded } = await h.handle(agreement.agreementId, command);
            warnings.push(...recorded.map((w) => ({ type: command.type, code: w.code })));
            if (command.type === "Amend") seen.amended++;
            if (command.type === "Extend") seen.extended++;
            if (command.type === "ReportPeriod") seen.reported++;
          }
          if (agreement.retroactive) seen.retroactive++;
          expect(warnings).toEqual(agreement.retroactive ? [{ type: "Grant", code: RETROACTIVE_START }] : []);
        }
      }),
      { numRuns: 100 },
    );
    // The generator reaches what the rules compare (typically 40 of 100 chains have three or more
    // agreements, 40 retroactive grants, 200 amendments and extensions, 300 reports).
    expect(seen.longChains).toBeGreaterThan(15);
    expect(seen.retroactive).toBeGreaterThan(10);
    for (const count of [seen.amended, seen.extended, seen.reported]) expect(count).toBeGreaterThan(100);
  }, 60_000);

  it("property: the same application with nothing from the organisation is refused", async () => {
    await fc.assert(
      fc.asyncProperty(agreementChain, async ([first]) => {
        const applied = first?.commands[0];
        if (applied?.type !== "Apply") throw new Error("a generated agreement starts with its application");
        const publicOnly = applied.data.contributions?.filter((c) => c.party === "public");
        const refusal = await handler()
          .handle(first?.agreementId ?? "", {
            ...applied,
            data: { ...applied.data, contributions: publicOnly },
          })
          .catch((e: unknown) => e);
        expect(refusal).toBeInstanceOf(RuleViolationError);
        expect((refusal as RuleViolationError).violations.map((v) => v.code)).toEqual([
          ONE_SIDED_CONTRIBUTION,
        ]);
      }),
      { numRuns: 100 },
    );
  });
});
