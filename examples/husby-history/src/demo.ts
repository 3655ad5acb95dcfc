import { AgreementCommandHandler, calendarDateOfUtc } from "@iop/core";
import { husbyAgreementIds, husbyHistory, record } from "@iop/fixtures";
import {
  readRegister,
  readTimelines,
  registerProjection,
  runLive,
  timelineProjection,
} from "@iop/projections";
import { createValidator, stockholmRules, storeAgreementLookup } from "@iop/rules";
import { openSqliteStore } from "@iop/store-sqlite";
import { describeAgreement } from "./describe-agreement.js";

/**
 * Records the Husby history in the SQLite file at `path`, checked by Stockholm's rules, and
 * returns the report to print. Every command carries a command id, so a second run records
 * nothing new.
 */
export async function runDemo(path: string, today = calendarDateOfUtc(new Date())): Promise<string[]> {
  const store = await openSqliteStore({ path });
  try {
    const validator = createValidator(stockholmRules, { otherAgreements: storeAgreementLookup(store) });
    const handler = new AgreementCommandHandler({ store, validator });
    const results = await record(handler, husbyHistory);
    const fresh = results.filter((r) => !r.duplicate).length;
    const lines = [
      "Husby Konst- och Hantverksförening × Rinkeby-Kista / Järva stadsdelsnämnd, 2019–2024",
      `${fresh} commands recorded, ${results.length - fresh} already in ${path}`,
      "",
      "Rule warnings recorded with the decisions (Stockholm preset):",
      ...results.flatMap((r) =>
        r.warnings.map((w) => `  ${r.agreementId} ${r.events[0]?.type}: ${w.code} — ${w.message.en}`),
      ),
      "",
    ];
    for (const agreementId of Object.values(husbyAgreementIds)) {
      const { state } = await handler.load(agreementId);
      lines.push(...describeAgreement(state, today), "");
    }
    const [timeline] = readTimelines(await runLive(timelineProjection, store));
    lines.push(
      `Partnership timeline: ${timeline?.agreements.length ?? 0} agreements with ${timeline?.publicParties.join(" → ")}`,
      ...(timeline?.gaps ?? []).map((g) => `  gap without an agreement: ${g.from} → ${g.to ?? "…"}`),
      ...(timeline?.successions ?? []).map((s) => `  succession: ${s.from} → ${s.to} from ${s.effectiveOn}`),
    );
    const register = await runLive(registerProjection, store);
    // Each day as the documents had made it by then: in force on it, decided by it.
    for (const day of ["2022-02-15", "2022-03-24"]) {
      const inForce = readRegister(register, { inForceOn: day, decidedBy: day }).filter((r) => r.inForce);
      lines.push(`In force on ${day}: ${inForce.map((r) => r.agreementId).join(", ") || "none"}`);
    }
    lines.push("  (the 2022 grant was decided on 2022-03-24, retroactively from 2022-01-01)", "");
    lines.push(
      "Amounts for 2019–2020, 2023 and 2024 and most days are illustrative: the documents do not give them.",
    );
    return lines;
  } finally {
    await store.close();
  }
}
