import { AgreementCommandHandler, DEFAULT_READ_ALL_LIMIT, type EventStore } from "@iop/core";
import { husbyHistory, organisations, record, rinkebyKista2022 } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { stockholmRules } from "../presets/stockholm.js";
import { agreementsOfIn, countingReads, scanAgreements } from "../testing/full-scan.js";
import { createValidator } from "../validator.js";
import { storeAgreementLookup } from "./store-lookup.js";

/** The store with its `readAll` counted; the other methods as they are. */
function counted(store: EventStore) {
  const { store: reading, reads } = countingReads(store);
  const wrapped: EventStore = {
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (options) => reading.readAll(options),
    close: () => store.close(),
  };
  return { store: wrapped, reads };
}

describe("storeAgreementLookup", () => {
  it("reads nothing until it is called, then only what was appended since its last call", async () => {
    const { store, reads } = counted(createMemoryStore());
    const lookup = storeAgreementLookup(store);
    const handler = new AgreementCommandHandler({ store });
    await record(handler, husbyHistory);
    expect(reads.calls).toBe(0);
    await lookup(organisations.husbyKonst.organisationNumber);
    expect(reads.events).toBe(husbyHistory.length);
    // Rinkeby-Kista's record of Husby 2022 is the same decisions again: nothing appended.
    const recorded = (await record(handler, rinkebyKista2022.slice(0, 4))).filter((r) => !r.duplicate);
    expect(recorded.length).toBeGreaterThan(0);
    await lookup(organisations.husbyKonst.organisationNumber);
    expect(reads.events).toBe(husbyHistory.length + recorded.length);
  });

  it("answers as a full scan after both real histories are recorded through the Stockholm rules", async () => {
    const store = createMemoryStore();
    const lookup = storeAgreementLookup(store);
    const handler = new AgreementCommandHandler({
      store,
      validator: createValidator(stockholmRules, { otherAgreements: lookup }),
    });
    await record(handler, husbyHistory);
    await record(handler, rinkebyKista2022);
    const scanned = await scanAgreements(store);
    const numbers = Object.values(organisations).map((o) => o.organisationNumber);
    for (const number of numbers) expect(await lookup(number)).toEqual(agreementsOfIn(scanned, number));
    expect(numbers.filter((n) => agreementsOfIn(scanned, n).length > 0).length).toBeGreaterThan(5);
  });

  it("carries a lookup by id over the same index, which a validator given only otherAgreements uses", async () => {
    const { store, reads } = counted(createMemoryStore());
    const lookup = storeAgreementLookup(store);
    await record(new AgreementCommandHandler({ store }), husbyHistory);
    const { agreements } = await lookup.referencedAgreements([husbyHistory[0]?.agreementId ?? ""]);
    expect(agreements.map((a) => a.agreementId)).toEqual([husbyHistory[0]?.agreementId]);
    await lookup(organisations.husbyKonst.organisationNumber);
    // One index: the second lookup read nothing again.
    expect(reads.events).toBe(husbyHistory.length);
  });

  it("finds an agreement applied for after more events than one read returns", async () => {
    const store = createMemoryStore();
    const others = Array.from({ length: DEFAULT_READ_ALL_LIMIT + 1 }, (_, i) => ({
      type: "CaseLogged",
      schemaVersion: 1,
      data: { i },
    }));
    await store.append("case-management-1", others, { expectedVersion: 0 });
    await record(new AgreementCommandHandler({ store }), husbyHistory.slice(0, 1));
    const found = await storeAgreementLookup(store)(organisations.husbyKonst.organisationNumber);
    expect(found.map((s) => s.agreementId)).toEqual([husbyHistory[0]?.agreementId]);
  });
});
