import {
  AgreementCommandHandler,
  agreementStreamId,
  type EventStore,
  RuleViolationError,
  type VerifyFinding,
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
  type ScriptedCommand,
} from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { storeAgreementLookup } from "../context/store-lookup.js";
import { genericSwedishRules } from "../presets/generic-swedish.js";
import { stockholmRules } from "../presets/stockholm.js";
import { defineRule, noParameters } from "../rule.js";
import { configure, type RuleSet, ruleEntry } from "../rule-set.js";
import { AUTHORITY_NOT_IN_FORCE } from "../rules/authority-in-force.js";
import { OVERLAPPING_AGREEMENT } from "../rules/overlapping-agreement.js";
import { RETROACTIVE_START } from "../rules/retroactive-start.js";
import { createValidator } from "../validator.js";
import { violation } from "../violation.js";
import { ruleCheckForVerify } from "./rule-check.js";

/** Husby's and Rinkeby-Kista's real histories, recorded through the Stockholm rules. */
async function realHistory(): Promise<EventStore> {
  const store = createMemoryStore();
  const validator = createValidator(stockholmRules, { otherAgreements: storeAgreementLookup(store) });
  const handler = new AgreementCommandHandler({ store, validator });
  await record(handler, husbyHistory);
  await record(handler, rinkebyKista2022);
  return store;
}

/** Someone who writes to the store past the rules: a command handler without a validator. */
const forge = (store: EventStore, script: readonly ScriptedCommand[]) =>
  record(new AgreementCommandHandler({ store }), script);

/** The rule findings of verifying `store` under `set`. */
async function ruleFindings(store: EventStore, set: RuleSet): Promise<readonly VerifyFinding[]> {
  const { findings } = await verifyStore(store, { checkEvent: ruleCheckForVerify(set) });
  return findings;
}

/** A Husby application to Rinkeby-Kista, and its grant, for the forgeries below. */
function application(agreementId: string, receivedOn: string, period: { start: string; end: string }) {
  return {
    agreementId,
    command: {
      type: "Apply",
      data: {
        agreementId,
        partnershipId: HUSBY_PARTNERSHIP_ID,
        publicParties: [rinkebyKista],
        organisation: organisations.husbyKonst,
        receivedOn,
        purpose: "Kreativ fritid för barn och unga",
        requestedKronor: 150_000,
        requestedPeriod: period,
      },
    },
    context: {},
  } satisfies ScriptedCommand;
}

function grant(agreementId: string, date: string, period: { start: string; end: string }) {
  return {
    agreementId,
    command: {
      type: "Grant",
      data: { decision: { body: rinkebyKista.name, date }, grantedKronor: 150_000, period },
    },
    context: {},
  } satisfies ScriptedCommand;
}

describe("the rules re-run by verify", () => {
  it("given the real histories, when verified under the Stockholm and the generic rules, then no rule is broken, and every event was checked", async () => {
    const store = await realHistory();
    const events = (await store.readAll()).length;
    for (const set of [stockholmRules, genericSwedishRules]) {
      const check = ruleCheckForVerify(set);
      let checked = 0;
      const report = await verifyStore(store, {
        checkEvent: (event, before) => {
          checked++;
          return check(event, before);
        },
      });
      expect(report.findings).toEqual([]);
      expect(checked).toBe(events);
    }
  });

  it("given a grant by Rinkeby-Kista in 2025, years after it was dissolved, written past the rules, then the Stockholm rules find it by AUTHORITY_NOT_IN_FORCE, naming Järva", async () => {
    const store = await realHistory();
    const id = "husby-konst-2025";
    const period = { start: "2025-02-01", end: "2025-12-31" };
    // The rules would have refused it.
    const refused = new AgreementCommandHandler({ store, validator: createValidator(stockholmRules) });
    await forge(store, [application(id, "2024-12-01", period)]);
    await expect(record(refused, [grant(id, "2025-01-15", period)])).rejects.toBeInstanceOf(
      RuleViolationError,
    );
    await forge(store, [grant(id, "2025-01-15", period)]);

    const findings = await ruleFindings(store, stockholmRules);
    expect(findings).toEqual([
      {
        kind: "rule",
        code: AUTHORITY_NOT_IN_FORCE,
        streamId: agreementStreamId(id),
        streamVersion: 2,
        globalPosition: expect.any(Number),
        message: expect.stringMatching(/^data\.decision\.body: .*2025-01-15.*2023-06-30.*succeeded by Järva/),
      },
    ]);
    expect(findings[0]?.message).toContain(jarva.name);
    // The generic rules know no municipality's bodies.
    expect(await ruleFindings(store, genericSwedishRules)).toEqual([]);
  });

  it("given a second Husby agreement for 2022 written past the rules, then the overlap is found on its grant only: the real grant did not overlap it when it was decided", async () => {
    const set = configure(stockholmRules, OVERLAPPING_AGREEMENT, { severity: "error" });
    const store = await realHistory();
    expect(await ruleFindings(store, set)).toEqual([]);
    const id = "husby-konst-2022-second";
    const period = { start: "2022-06-01", end: "2022-12-31" };
    await forge(store, [application(id, "2022-05-02", period), grant(id, "2022-05-19", period)]);

    const findings = await ruleFindings(store, set);
    expect(findings.map((f) => [f.streamId, f.streamVersion, f.code])).toEqual([
      [agreementStreamId(id), 2, OVERLAPPING_AGREEMENT],
    ]);
    expect(findings[0]?.message).toContain(
      `overlaps agreement ${husbyAgreementIds.y2022} (2022-01-01 – 2022-12-31)`,
    );
  });

  it("given a set that makes a warning an error, then exactly the events that recorded that warning are found, and warnings of the set are not", async () => {
    const store = await realHistory();
    const warned = (await store.readAll()).filter((e) =>
      (e.metadata.warnings ?? []).some((w: Violation) => w.code === RETROACTIVE_START),
    );
    expect(warned).toHaveLength(6);
    const findings = await ruleFindings(
      store,
      configure(stockholmRules, RETROACTIVE_START, { severity: "error" }),
    );
    expect(findings.map((f) => [f.globalPosition, f.code])).toEqual(
      warned.map((e) => [e.globalPosition, RETROACTIVE_START]),
    );
  });

  it("given a rule that reads today, then today is each event's decision date, not the day verify runs", async () => {
    const todayProbe = defineRule({
      code: "TODAY_PROBE",
      description: { sv: "Dagens datum", en: "Today's date" },
      source: "test",
      defaultSeverity: "error",
      appliesTo: ["Granted", "Signed"],
      parameters: noParameters,
      check: (_input, { today }) => [
        violation("TODAY_PROBE", "error", "today", { sv: `${today}`, en: `${today}` }),
      ],
    });
    const store = createMemoryStore();
    await forge(
      store,
      husbyHistory.filter((s) => s.agreementId === husbyAgreementIds.y2022),
    );
    const findings = await ruleFindings(store, [ruleEntry(todayProbe)]);
    expect(findings.map((f) => f.message)).toEqual(["today: 2022-03-24", "today: 2022-04-05"]);
  });
});
