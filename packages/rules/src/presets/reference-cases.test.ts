import type { EventStore } from "@iop/core";
import { AgreementCommandHandler, agreementStreamId, RuleViolationError, type Violation } from "@iop/core";
import {
  husbyAgreementIds,
  husbyHistory,
  jarva,
  organisations,
  RINKEBY_KISTA_DECISION_DATE,
  record,
  rinkebyKista,
  rinkebyKista2022,
  rinkebyKista2022AgreementIds,
  type ScriptedCommand,
} from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { storeAgreementLookup } from "../context/store-lookup.js";
import { configure, type RuleSet } from "../rule-set.js";
import { AUTHORITY_NOT_IN_FORCE } from "../rules/authority-in-force.js";
import { DE_MINIMIS_EXCEEDED } from "../rules/de-minimis.js";
import { OVERLAPPING_AGREEMENT } from "../rules/overlapping-agreement.js";
import { REFERENCE_UNKNOWN } from "../rules/reference-unknown.js";
import { RETROACTIVE_START } from "../rules/retroactive-start.js";
import { createValidator } from "../validator.js";
import { stockholmRules } from "./stockholm.js";

/** A handler over a fresh in-memory store, validating with `set` and the store as the lookup. */
function handlerWith(set: RuleSet = stockholmRules) {
  const store = createMemoryStore();
  const validator = createValidator(set, { otherAgreements: storeAgreementLookup(store) });
  return { store, handler: new AgreementCommandHandler({ store, validator }) };
}

/** Every warning recorded in the store, with the agreement and event type it was recorded on. */
async function recordedWarnings(store: EventStore) {
  return (await store.readAll()).flatMap((e) =>
    (e.metadata.warnings ?? []).map((w: Violation) => ({ stream: e.streamId, type: e.type, code: w.code })),
  );
}

describe("the real cases under the Stockholm preset", () => {
  it("Husby 2022 alone: the retroactive start kept on the Granted event, and the 2019 predecessor the store lacks on the Applied", async () => {
    const { store, handler } = handlerWith();
    const part2022 = husbyHistory.filter((s) => s.agreementId === husbyAgreementIds.y2022);
    expect(part2022.map((s) => s.command.type)).toEqual(["Apply", "Grant", "Sign", "ReportPeriod"]);
    const results = await record(handler, part2022);
    expect(results.flatMap((r) => r.warnings.map((w) => w.code))).toEqual([
      REFERENCE_UNKNOWN,
      RETROACTIVE_START,
    ]);
    const { events } = await handler.load(husbyAgreementIds.y2022);
    const granted = events.find((e) => e.type === "Granted");
    expect(granted?.metadata.warnings).toEqual([
      {
        code: RETROACTIVE_START,
        severity: "warning",
        field: "data.period.start",
        message: {
          sv: "Perioden börjar 2022-01-01, före beslutsdagen 2022-03-24: medlen beviljas retroaktivt",
          en: "The period starts on 2022-01-01, before the decision date 2022-03-24: the grant is retroactive",
        },
      },
    ]);
    expect(events.filter((e) => e.metadata.warnings !== undefined)).toHaveLength(2);
    // A store that begins in 2022 does not hold the 2019 agreement the application continues.
    expect(await recordedWarnings(store)).toEqual([
      { stream: agreementStreamId(husbyAgreementIds.y2022), type: "Applied", code: REFERENCE_UNKNOWN },
      { stream: agreementStreamId(husbyAgreementIds.y2022), type: "Granted", code: RETROACTIVE_START },
    ]);
  });

  it("the whole Husby history 2019–2024 records without a refusal, and the 2022 grant is its only warning", async () => {
    const { store, handler } = handlerWith();
    const results = await record(handler, husbyHistory);
    expect(results).toHaveLength(husbyHistory.length);
    expect(await store.readAll()).toHaveLength(husbyHistory.length);
    // 2019–2020 is 15 months (under 36); every report came before 31 March of the next year;
    // 2023 and 2024 were decided before their periods began; Järva decided only from 2024.
    expect(await recordedWarnings(store)).toEqual([
      { stream: agreementStreamId(husbyAgreementIds.y2022), type: "Granted", code: RETROACTIVE_START },
    ]);
  });

  it("Rinkeby-Kista 2022: six retroactive grants, two rejections, nothing refused", async () => {
    const { store, handler } = handlerWith();
    const results = await record(handler, rinkebyKista2022);
    expect(results).toHaveLength(16);
    const warnings = await recordedWarnings(store);
    expect(warnings.filter((w) => w.type === "Granted")).toHaveLength(6);
    expect(warnings.filter((w) => w.type === "Granted").every((w) => w.code === RETROACTIVE_START)).toBe(
      true,
    );
    // Husby's application continues its 2019 agreement, which a record of 2022 alone lacks.
    expect(warnings.filter((w) => w.type !== "Granted")).toEqual([
      { stream: agreementStreamId(husbyAgreementIds.y2022), type: "Applied", code: REFERENCE_UNKNOWN },
    ]);
    expect(results.filter((r) => r.state.status === "rejected").every((r) => r.warnings.length === 0)).toBe(
      true,
    );
  });

  it("refuses a grant by Rinkeby-Kista dated 2023-08-01, naming Järva as its successor, and records nothing", async () => {
    const { store, handler } = handlerWith();
    const id = "husby-konst-2023-late";
    const applied: ScriptedCommand = {
      agreementId: id,
      command: {
        type: "Apply",
        data: {
          agreementId: id,
          partnershipId: "husby-konst-rinkeby-kista",
          publicParties: [rinkebyKista],
          organisation: organisations.husbyKonst,
          receivedOn: "2023-06-15",
          purpose: "Kreativ fritid för barn och unga",
          requestedKronor: 150_000,
          requestedPeriod: { start: "2023-09-01", end: "2023-12-31" },
          contributions: [
            { party: "public", kind: "money", description: "Bidrag" },
            { party: "organisation", kind: "staff", description: "Konstnärlig ledning" },
          ],
        },
      },
      context: {},
    };
    await record(handler, [applied]);
    const late = handler.handle(id, {
      type: "Grant",
      data: {
        decision: { body: rinkebyKista.name, date: "2023-08-01" },
        grantedKronor: 150_000,
        period: { start: "2023-09-01", end: "2023-12-31" },
      },
    });
    await expect(late).rejects.toBeInstanceOf(RuleViolationError);
    const error = (await late.catch((e: unknown) => e)) as RuleViolationError;
    expect(error.violations).toEqual([
      expect.objectContaining({
        code: AUTHORITY_NOT_IN_FORCE,
        severity: "error",
        field: "data.decision.body",
        details: expect.objectContaining({ successor: jarva.name, ceasedOn: "2023-06-30" }),
      }),
    ]);
    expect(error.violations[0]?.message.en).toContain(`succeeded by ${jarva.name}`);
    expect(error.violations[0]?.message.sv).toContain(`efterträddes av ${jarva.name}`);
    expect(await store.readStream(agreementStreamId(id))).toHaveLength(1);
  });

  it("recording both fixtures in one store records Husby's 2022 decisions once, with no overlap", async () => {
    const { store, handler } = handlerWith();
    await record(handler, husbyHistory);
    const results = await record(handler, rinkebyKista2022);
    const husby = results.filter((r) => r.agreementId === rinkebyKista2022AgreementIds["husby-konst"]);
    expect(husby.map((r) => r.duplicate)).toEqual([true, true]);
    expect(husby[1]?.agreementId).toBe(husbyAgreementIds.y2022);
    expect((await recordedWarnings(store)).filter((w) => w.code === OVERLAPPING_AGREEMENT)).toEqual([]);
  });

  it("at 10.5 SEK/EUR the 2022 de minimis ceiling (EUR 200 000 = 2 100 000 kr) refuses Rinkeby Folkets Hus's 2 150 000 kr", async () => {
    const { store, handler } = handlerWith(
      configure(stockholmRules, DE_MINIMIS_EXCEEDED, { params: { sekPerEur: 10.5 } }),
    );
    const folketsHus = rinkebyKista2022AgreementIds["rinkeby-folkets-hus"];
    const script = rinkebyKista2022.filter((s) => s.agreementId === folketsHus);
    await record(handler, script.slice(0, 1));
    const error = (await record(handler, script.slice(1)).catch((e: unknown) => e)) as RuleViolationError;
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.violations.map((v) => v.code)).toEqual([DE_MINIMIS_EXCEEDED]);
    // The ceiling in force on the decision date, not today's EUR 300 000, and nothing recorded.
    expect(error.violations[0]?.message.en).toContain(
      `up to ${RINKEBY_KISTA_DECISION_DATE} (2 150 000 kr now, 0 kr before; agreements: –), over the ceiling of EUR 200000 = 2 100 000 kr`,
    );
    expect((await store.readAll()).map((e) => e.type)).toEqual(["Applied"]);
  });
});
