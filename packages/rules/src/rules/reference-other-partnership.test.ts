import {
  AgreementCommandHandler,
  type Command,
  type CommandContext,
  type EventStore,
  RuleViolationError,
  type Violation,
  verifyStore,
} from "@iop/core";
import {
  HUSBY_PARTNERSHIP_ID,
  husbyAgreementIds,
  husbyHistory,
  jarva,
  organisations,
  record,
  rinkebyKista,
  rinkebyKista2022,
  rinkebyKista2022AgreementIds,
  type ScriptedCommand,
} from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { storeAgreementLookup } from "../context/store-lookup.js";
import { stockholmRules } from "../presets/stockholm.js";
import { createValidator } from "../validator.js";
import { ruleCheckForVerify } from "../verification/rule-check.js";
import { REFERENCE_OTHER_PARTNERSHIP } from "./reference-other-partnership.js";
import { REFERENCE_UNKNOWN } from "./reference-unknown.js";

const ids = husbyAgreementIds;
const fryshuset = rinkebyKista2022AgreementIds["fryshuset-husby"] as string;
const spangaTensta = { ...rinkebyKista, name: "Spånga-Tensta stadsdelsnämnd" };
/** The real evaluation of spring 2024, covering the partnership's four agreements. */
const evaluation = husbyHistory.find((s) => s.command.type === "Evaluate") as ScriptedCommand;
/** The Husby history up to the evaluation: four agreements, the merger into Järva on the way. */
const beforeEvaluation = husbyHistory.slice(0, husbyHistory.indexOf(evaluation));

/** Given these commands recorded through the Stockholm rules, with the store as the lookup. */
async function given(...scripts: (readonly ScriptedCommand[])[]) {
  const store = createMemoryStore();
  const handler = new AgreementCommandHandler({
    store,
    validator: createValidator(stockholmRules, { otherAgreements: storeAgreementLookup(store) }),
  });
  for (const script of scripts) await record(handler, script);
  return {
    store,
    /** When `command` is handled on `agreementId`: its outcome, or the refusal's violations. */
    async when(
      agreementId: string,
      command: Command,
      context: CommandContext = {},
    ): Promise<{ refused: readonly Violation[]; warnings: readonly Violation[] }> {
      try {
        return { refused: [], warnings: (await handler.handle(agreementId, command, context)).warnings };
      } catch (error) {
        if (error instanceof RuleViolationError) return { refused: error.violations, warnings: [] };
        throw error;
      }
    },
  };
}

/** A Husby application for 2025, with `over` laid over it. */
function application2025(
  agreementId: string,
  over: Partial<{ predecessorAgreementId: string; publicParty: typeof jarva; partnershipId: string }>,
): Command {
  return {
    type: "Apply",
    data: {
      agreementId,
      partnershipId: over.partnershipId ?? HUSBY_PARTNERSHIP_ID,
      ...(over.predecessorAgreementId === undefined
        ? {}
        : { predecessorAgreementId: over.predecessorAgreementId }),
      publicParties: [over.publicParty ?? jarva],
      organisation: { ...organisations.husbyKonst, organisationNumber: "8024001235" },
      receivedOn: "2024-11-15",
      purpose: "Kreativ fritid för barn och unga",
      requestedKronor: 340_000,
      requestedPeriod: { start: "2025-01-01", end: "2025-12-31" },
      contributions: [
        { party: "public", kind: "money", description: "Bidrag" },
        { party: "organisation", kind: "staff", description: "Konstnärlig ledning" },
      ],
    },
  };
}

/** A Husby agreement with another public party, recorded as a plain application. */
function otherPartyAgreement(
  agreementId: string,
  party: typeof jarva,
  partnershipId: string,
): ScriptedCommand {
  const command = application2025(agreementId, { publicParty: party, partnershipId });
  return {
    agreementId,
    command: { ...command, data: { ...command.data, receivedOn: "2022-02-01" } } as Command,
    context: {},
  };
}

const fields = (violations: readonly { code: string; field: string }[]) =>
  violations.map(({ code, field }) => ({ code, field }));

describe(REFERENCE_OTHER_PARTNERSHIP, () => {
  it("given the real histories, when recorded through the Stockholm rules, then no reference is refused or warned about", async () => {
    const { store } = await given(husbyHistory, rinkebyKista2022);
    const warnings = (await store.readAll()).flatMap((e) => e.metadata.warnings ?? []);
    expect(warnings.map((w: { code: string }) => w.code)).not.toContainEqual(
      expect.stringMatching(/^REFERENCE_/),
    );
  });

  it("given Husby's history, when a successor names Fryshuset Husby's 2022 agreement, then it is refused: another organisation", async () => {
    const { when } = await given(husbyHistory, rinkebyKista2022);
    const { refused } = await when(
      "husby-konst-2025",
      application2025("husby-konst-2025", { predecessorAgreementId: fryshuset }),
    );
    expect(refused).toEqual([
      {
        code: REFERENCE_OTHER_PARTNERSHIP,
        severity: "error",
        field: "data.predecessorAgreementId",
        message: {
          sv: `Föregående överenskommelse ${fryshuset} tillhör en annan organisation (${organisations.fryshusetHusby.organisationNumber}, inte 8024001235): den hör inte till samma partnerskap`,
          en: `The predecessor agreement ${fryshuset} belongs to another organisation (${organisations.fryshusetHusby.organisationNumber}, not 8024001235): it is not of the same partnership`,
        },
        details: { agreementId: fryshuset, reason: "other-organisation" },
      },
    ]);
  });

  it("given a Husby agreement with Kulturnämnden, when a Järva successor names it, then it is refused: another partnership, or another public party under the same id", async () => {
    const kultur = { ...jarva, name: "Kulturnämnden" };
    const { when } = await given(husbyHistory, [
      otherPartyAgreement("husby-kultur", kultur, "husby-konst-kulturnamnden"),
      otherPartyAgreement("husby-kultur-mislabelled", kultur, HUSBY_PARTNERSHIP_ID),
    ]);
    const other = await when("a", application2025("a", { predecessorAgreementId: "husby-kultur" }));
    expect(other.refused.map((v) => v.details)).toEqual([
      { agreementId: "husby-kultur", reason: "other-partnership" },
    ]);
    expect(other.refused[0]?.message.en).toContain(
      "belongs to partnership husby-konst-kulturnamnden, not husby-konst-rinkeby-kista",
    );
    const party = await when(
      "b",
      application2025("b", { predecessorAgreementId: "husby-kultur-mislabelled" }),
    );
    expect(party.refused.map((v) => v.details)).toEqual([
      { agreementId: "husby-kultur-mislabelled", reason: "other-public-party" },
    ]);
    expect(party.refused[0]?.message.en).toContain(
      "has the public party Kulturnämnden, which is neither Järva stadsdelsnämnd nor its predecessor or successor",
    );
  });

  it("given Rinkeby-Kista's 2022 agreement and the merger recorded on 2023's, when a Järva successor names 2022, then it is accepted: Järva succeeded Rinkeby-Kista", async () => {
    const { when } = await given(husbyHistory);
    // The 2022 agreement ended before the merger: only the store's other agreements record it.
    const { refused, warnings } = await when(
      "husby-konst-2025",
      application2025("husby-konst-2025", { predecessorAgreementId: ids.y2022 }),
    );
    expect(refused).toEqual([]);
    expect(warnings.filter((w) => w.code.startsWith("REFERENCE_"))).toEqual([]);
    // Back in time: a Rinkeby-Kista application continuing the 2024 Järva agreement is of the partnership too.
    const back = await when(
      "b",
      application2025("b", { predecessorAgreementId: ids.y2024, publicParty: rinkebyKista }),
    );
    expect(back.refused).toEqual([]);
  });

  it("given a store that knows of no merger, when a Järva successor names a Rinkeby-Kista agreement, then it is refused: the store cannot tell they are one body", async () => {
    const { when } = await given(husbyHistory.filter((s) => s.agreementId === ids.first));
    const { refused } = await when("next", application2025("next", { predecessorAgreementId: ids.first }));
    expect(refused.map((v) => v.details)).toEqual([{ agreementId: ids.first, reason: "other-public-party" }]);
  });

  it("given Husby's agreement with Spånga-Tensta under the partnership's id, when a Rinkeby-Kista successor names it, then it is refused: both merged into Järva, neither succeeded the other", async () => {
    const { when } = await given(husbyHistory, [
      otherPartyAgreement("husby-spanga", spangaTensta, HUSBY_PARTNERSHIP_ID),
    ]);
    const rinkeby = await when(
      "r",
      application2025("r", { predecessorAgreementId: "husby-spanga", publicParty: rinkebyKista }),
    );
    expect(rinkeby.refused.map((v) => v.details)).toEqual([
      { agreementId: "husby-spanga", reason: "other-public-party" },
    ]);
  });

  it("given the Husby history up to spring 2024, when the evaluation covers Fryshuset Husby's agreement too, then it is refused naming data.scope.4 only", async () => {
    const { when } = await given(beforeEvaluation, rinkebyKista2022);
    const data = evaluation.command.data as { scope: string[] };
    const wider = { ...evaluation.command, data: { ...data, scope: [...data.scope, fryshuset] } } as Command;
    const { refused } = await when(ids.y2024, wider, evaluation.context);
    expect(fields(refused)).toEqual([{ code: REFERENCE_OTHER_PARTNERSHIP, field: "data.scope.4" }]);
    expect(refused[0]?.message.sv).toBe(
      `Överenskommelsen som utvärderingen omfattar ${fryshuset} tillhör en annan organisation (${organisations.fryshusetHusby.organisationNumber}, inte ${organisations.husbyKonst.organisationNumber}): den hör inte till samma partnerskap`,
    );
    // The real scope, across the merger (2019 and 2022 were Rinkeby-Kista's), is accepted.
    expect((await when(ids.y2024, evaluation.command, evaluation.context)).refused).toEqual([]);
  });

  it("given an evaluation naming another organisation's agreement written past the rules, when verified, then the Stockholm rules find it on its field", async () => {
    const store: EventStore = createMemoryStore();
    const data = evaluation.command.data as { scope: string[] };
    const forged = {
      ...evaluation,
      command: { ...evaluation.command, data: { ...data, scope: [fryshuset, ...data.scope] } } as Command,
    };
    await record(new AgreementCommandHandler({ store }), [...rinkebyKista2022, ...beforeEvaluation, forged]);
    const { findings } = await verifyStore(store, { checkEvent: ruleCheckForVerify(stockholmRules) });
    expect(findings.map((f) => [f.code, f.message.split(":")[0]])).toEqual([
      [REFERENCE_OTHER_PARTNERSHIP, "data.scope.0"],
    ]);
  });

  it("given no lookup by id, when a successor names an unknown agreement, then neither reference rule judges it", async () => {
    const store = createMemoryStore();
    const handler = new AgreementCommandHandler({ store, validator: createValidator(stockholmRules) });
    const handled = await handler.handle("x", application2025("x", { predecessorAgreementId: "nowhere" }));
    expect(handled.warnings.filter((w) => w.code === REFERENCE_UNKNOWN)).toEqual([]);
  });
});
