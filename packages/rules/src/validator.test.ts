import { describe, expect, it, vi } from "vitest";
import { genericSwedishRules } from "./presets/generic-swedish.js";
import { defineRule, noParameters } from "./rule.js";
import { AGREEMENT_ID, apply, grant, inputOf, sign, summary } from "./testing/builders.js";
import { createValidator } from "./validator.js";
import { violation } from "./violation.js";

describe("createValidator", () => {
  it("asks for the organisation's agreements only when a rule that needs them applies", async () => {
    const otherAgreements = vi.fn(() => []);
    const validate = createValidator(genericSwedishRules, { otherAgreements });
    await validate(inputOf(apply()));
    await validate(inputOf(sign(), apply(), grant()));
    expect(otherAgreements).not.toHaveBeenCalled();
    await validate(
      inputOf(grant(), apply({ organisation: { name: "X", organisationNumber: "168024001235" } })),
    );
    expect(otherAgreements).toHaveBeenCalledExactlyOnceWith("802400-1235");
  });

  it("looks the referenced agreements up once per command, only when a command references any, preferring the provider's own lookup", async () => {
    const predecessor = summary({ agreementId: "earlier" });
    const byId = vi.fn(() => ({ agreements: [predecessor, summary({ agreementId: "not-asked-for" })] }));
    const carried = Object.assign(() => [], { referencedAgreements: vi.fn(() => ({ agreements: [] })) });
    const seen: unknown[] = [];
    const spy = defineRule({
      code: "SEES_REFERENCES",
      description: { sv: "Ser referenser", en: "Sees references" },
      source: "test",
      defaultSeverity: "warning",
      appliesTo: ["Applied"],
      referencedAgreementIds: ({ event }) =>
        event.type === "Applied" && event.data.predecessorAgreementId !== undefined
          ? [event.data.predecessorAgreementId, event.data.predecessorAgreementId]
          : [],
      parameters: noParameters,
      check(_input, { referencedAgreements }) {
        seen.push(referencedAgreements === undefined ? undefined : [...referencedAgreements.keys()]);
        return [];
      },
    });
    await createValidator([{ rule: spy }], { otherAgreements: carried, referencedAgreements: byId })(
      inputOf(apply({ predecessorAgreementId: "earlier" })),
    );
    expect(byId).toHaveBeenCalledExactlyOnceWith(["earlier"]);
    expect(carried.referencedAgreements).not.toHaveBeenCalled();
    // Without a provider lookup, the one `otherAgreements` carries; without references, none.
    await createValidator([{ rule: spy }], { otherAgreements: carried })(
      inputOf(apply({ predecessorAgreementId: "earlier" })),
    );
    expect(carried.referencedAgreements).toHaveBeenCalledExactlyOnceWith(["earlier"]);
    await createValidator([{ rule: spy }], { otherAgreements: carried })(inputOf(apply()));
    expect(carried.referencedAgreements).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([["earlier"], [], undefined]);
  });

  it("sets this agreement apart from the others the lookup returns", async () => {
    const self = summary({ agreementId: AGREEMENT_ID, grantedKronor: 9_000_000, grantedOn: "2022-03-24" });
    const validate = createValidator(genericSwedishRules, { otherAgreements: async () => [self] });
    // This agreement's own (earlier) summary is not counted as another grant.
    expect(await validate(inputOf(grant(), apply()))).toEqual([]);
  });

  it("passes today's date into the context", async () => {
    const stale = defineRule({
      code: "DECISION_IN_FUTURE",
      description: {
        sv: "Beslutet är inte daterat i framtiden",
        en: "The decision is not dated in the future",
      },
      source: "test",
      defaultSeverity: "warning",
      appliesTo: ["Granted"],
      parameters: noParameters,
      check({ event }, { today }) {
        return event.type === "Granted" && today !== undefined && event.data.decision.date > today
          ? [violation("DECISION_IN_FUTURE", "warning", "data.decision.date", { sv: today, en: today })]
          : [];
      },
    });
    const at = (today: string) =>
      createValidator([{ rule: stale }], { today: () => today })(inputOf(grant(), apply()));
    expect(await at("2022-03-24")).toEqual([]);
    expect(await at("2022-03-23")).toEqual([
      {
        code: "DECISION_IN_FUTURE",
        severity: "warning",
        field: "data.decision.date",
        message: { sv: "2022-03-23", en: "2022-03-23" },
      },
    ]);
  });

  it("without a lookup, the rules that compare agreements see only this command", async () => {
    const validate = createValidator(genericSwedishRules);
    expect(await validate(inputOf(grant({ grantedKronor: 2_000_000 }), apply()))).toEqual([]);
  });
});
