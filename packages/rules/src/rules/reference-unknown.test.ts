import { AgreementCommandHandler, type Command, RuleViolationError } from "@iop/core";
import { husbyAgreementIds, husbyHistory, record, type ScriptedCommand } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { storeAgreementLookup } from "../context/store-lookup.js";
import { stockholmRules } from "../presets/stockholm.js";
import { configure, type RuleSet } from "../rule-set.js";
import { createValidator } from "../validator.js";
import { REFERENCE_UNKNOWN } from "./reference-unknown.js";

const ids = husbyAgreementIds;
const apply2022 = husbyHistory.find((s) => s.agreementId === ids.y2022) as ScriptedCommand;
const evaluation = husbyHistory.find((s) => s.command.type === "Evaluate") as ScriptedCommand;

/** A handler recording through `set`, with the store as the lookup. */
function handlerWith(set: RuleSet = stockholmRules) {
  const store = createMemoryStore();
  return new AgreementCommandHandler({
    store,
    validator: createValidator(set, { otherAgreements: storeAgreementLookup(store) }),
  });
}

describe(REFERENCE_UNKNOWN, () => {
  it("given a store that begins in 2022, when Husby's 2022 application names its 2019 predecessor, then it is recorded with a warning on the field", async () => {
    const handler = handlerWith();
    const { warnings } = await handler.handle(apply2022.agreementId, apply2022.command, apply2022.context);
    expect(warnings).toEqual([
      {
        code: REFERENCE_UNKNOWN,
        severity: "warning",
        field: "data.predecessorAgreementId",
        message: {
          sv: "Föregående överenskommelse husby-konst-2019 är okänd: ingen ansökan om den är registrerad",
          en: "The predecessor agreement husby-konst-2019 is unknown: no application for it is recorded",
        },
        details: { agreementId: ids.first },
      },
    ]);
  });

  it("given a city that makes it an error, when an evaluation covers an agreement nobody recorded, then it is refused naming data.scope.N", async () => {
    const handler = handlerWith(configure(stockholmRules, REFERENCE_UNKNOWN, { severity: "error" }));
    await record(handler, husbyHistory.slice(0, husbyHistory.indexOf(evaluation)));
    const data = evaluation.command.data as { scope: string[] };
    const command = {
      ...evaluation.command,
      data: { ...data, scope: [ids.y2024, "husby-konst-2018", ids.y2023] },
    };
    const error = await handler
      .handle(ids.y2024, command as Command, evaluation.context)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(
      (error as RuleViolationError).violations.map(({ code, severity, field }) => ({
        code,
        severity,
        field,
      })),
    ).toEqual([{ code: REFERENCE_UNKNOWN, severity: "error", field: "data.scope.1" }]);
    expect((error as RuleViolationError).violations[0]?.message.en).toBe(
      "The agreement the evaluation covers husby-konst-2018 is unknown: no application for it is recorded",
    );
  });

  it("given the whole Husby history, when recorded in order, then every reference is known", async () => {
    const results = await record(handlerWith(), husbyHistory);
    expect(results.flatMap((r) => r.warnings).filter((w) => w.code === REFERENCE_UNKNOWN)).toEqual([]);
  });
});
