import {
  AgreementCommandHandler,
  agreementStreamId,
  CorruptEventError,
  EventDecodingError,
  type EventStore,
  readAllPages,
} from "@iop/core";
import { createEventStore } from "@iop/core/adapter-kit";
import { husbyAgreementIds, husbyHistory, organisations, record, rinkebyKista2022 } from "@iop/fixtures";
import { createMemoryStore, MemoryDriver } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { stockholmRules } from "../presets/stockholm.js";
import { agreementsOfIn, countingReads, scanAgreements } from "../testing/full-scan.js";
import { createValidator } from "../validator.js";
import { AgreementIndex, type AgreementIndexOptions } from "./agreement-index.js";

/** A store, an index over it (reads counted) and a handler validating with the Stockholm rules from that index. */
function recording(store: EventStore = createMemoryStore(), options: AgreementIndexOptions = {}) {
  const counted = countingReads(store);
  const index = new AgreementIndex(counted.store, options);
  const validator = createValidator(stockholmRules, { otherAgreements: (n) => index.agreementsOf(n) });
  return { store, index, reads: counted.reads, handler: new AgreementCommandHandler({ store, validator }) };
}

/** Every event of the store: how far a caught-up index has read. */
async function lastPosition(store: EventStore): Promise<number> {
  let position = 0;
  for await (const page of readAllPages(store)) position = page.at(-1)?.globalPosition ?? position;
  return position;
}

/** Asserts that the index answers every agreement and organisation as a fold from scratch does. */
async function expectSameAsScan(index: AgreementIndex, store: EventStore): Promise<void> {
  const scanned = await scanAgreements(store);
  expect(scanned.size).toBeGreaterThan(0);
  for (const [agreementId, summary] of scanned) expect(await index.agreement(agreementId)).toEqual(summary);
  const numbers = new Set([...scanned.values()].map((s) => s.organisationNumber));
  for (const number of numbers)
    expect(await index.agreementsOf(number)).toEqual(agreementsOfIn(scanned, number));
}

describe("the agreement index", () => {
  it("recording Husby's history through the Stockholm rules from the index, it answers as a full scan", async () => {
    const { store, index, handler } = recording();
    await record(handler, husbyHistory);
    await expectSameAsScan(index, store);
    const husby = await index.agreementsOf(organisations.husbyKonst.organisationNumber);
    expect(husby.map((s) => s.agreementId)).toEqual(expect.arrayContaining(Object.values(husbyAgreementIds)));
    // However the number is written.
    expect(await index.agreementsOf("8024001235")).toEqual(husby);
    expect(await index.agreementsOf("16802400-1235")).toEqual(husby);
    expect(await index.agreementsOf("802499-9999")).toEqual([]);
    expect(await index.agreement("no-such-agreement")).toBeUndefined();
  });

  it("answers referenced agreements by id, of any organisation, with the store's successions, from what it has folded", async () => {
    const { index, reads, handler } = recording();
    await record(handler, husbyHistory);
    await record(handler, rinkebyKista2022);
    const fryshuset = "rinkeby-kista-2022-fryshuset-husby";
    await index.catchUp();
    reads.events = 0;
    const found = await index.referencedAgreements([husbyAgreementIds.first, fryshuset, "no-such-agreement"]);
    expect(found.agreements.map((a) => [a.agreementId, a.organisationNumber])).toEqual([
      [husbyAgreementIds.first, organisations.husbyKonst.organisationNumber],
      [fryshuset, organisations.fryshusetHusby.organisationNumber],
    ]);
    // Only the 2023 agreement records the merger; the index knows it for every agreement.
    expect(found.successions).toEqual([
      { from: "Rinkeby-Kista stadsdelsnämnd", to: "Järva stadsdelsnämnd", effectiveOn: "2023-07-01" },
    ]);
    expect(reads.events).toBe(0);
  });

  it("sees what is appended later, reading only the new events", async () => {
    const { store, index, reads, handler } = recording();
    await record(handler, husbyHistory);
    await index.catchUp();
    const before = index.position;
    expect(before).toBe(await lastPosition(store));
    // Rinkeby-Kista 2022 recorded past the index: it has not seen these events yet.
    await record(new AgreementCommandHandler({ store }), rinkebyKista2022);
    const added = (await lastPosition(store)) - before;
    expect(added).toBeGreaterThan(10);
    reads.events = 0;
    await expectSameAsScan(index, store);
    expect(reads.events).toBe(added);
    expect(index.position).toBe(before + added);
  });

  it("folds each event once when lookups overlap", async () => {
    const { store, index, reads } = recording();
    await record(new AgreementCommandHandler({ store }), husbyHistory);
    const [first, second, third] = await Promise.all([
      index.agreementsOf(organisations.husbyKonst.organisationNumber),
      index.agreementsOf(organisations.husbyKonst.organisationNumber),
      index.agreement(husbyAgreementIds.y2022),
    ]);
    expect(reads.events).toBe(husbyHistory.length);
    expect(second).toEqual(first);
    expect(first).toEqual(
      agreementsOfIn(await scanAgreements(store), organisations.husbyKonst.organisationNumber),
    );
    expect(third).toEqual(first?.find((s) => s.agreementId === husbyAgreementIds.y2022));
  });

  it("catches up over many pages, skipping streams that are not agreements", async () => {
    const store = createMemoryStore();
    await record(new AgreementCommandHandler({ store }), husbyHistory.slice(0, 5));
    await store.append("invoicing-1", [{ type: "InvoiceSent", schemaVersion: 1, data: { kronor: 1 } }], {
      expectedVersion: 0,
    });
    await record(new AgreementCommandHandler({ store }), husbyHistory.slice(5));
    const { index, reads } = recording(store, { pageSize: 3 });
    await expectSameAsScan(index, store);
    expect(index.position).toBe(husbyHistory.length + 1);
    expect(reads.events).toBe(husbyHistory.length + 1);
  });

  it("fails with CorruptEventError at a corrupt row, keeps what it read before it, and resumes there", async () => {
    const driver = new MemoryDriver();
    const store = createEventStore(driver);
    await record(new AgreementCommandHandler({ store }), husbyHistory);
    const victim = (await store.readAll())[6];
    if (victim === undefined) throw new Error("Husby's history has more than six events");
    // Behind the store's back, as the conformance suite's memory harness does.
    const rows = (driver as unknown as { streams: Map<string, { data: string }[]> }).streams.get(
      victim.streamId,
    );
    const row = rows?.[victim.streamVersion - 1];
    if (row === undefined) throw new Error("no such row");
    const intact = row.data;
    row.data = '{"broken';
    const { index, reads } = recording(store, { pageSize: 4 });
    const failure = await index.agreementsOf(organisations.husbyKonst.organisationNumber).catch((e) => e);
    expect(failure).toBeInstanceOf(CorruptEventError);
    expect(failure).toMatchObject({ streamId: victim.streamId, streamVersion: victim.streamVersion });
    expect(index.position).toBe(victim.globalPosition - 1);
    row.data = intact;
    reads.events = 0;
    await expectSameAsScan(index, store);
    expect(reads.events).toBe(husbyHistory.length - (victim.globalPosition - 1));
  });

  it("fails with EventDecodingError at an event it cannot decode, again on the next lookup, folding nothing twice", async () => {
    const store = createMemoryStore();
    await record(new AgreementCommandHandler({ store }), husbyHistory.slice(0, 3));
    const stream = agreementStreamId(husbyAgreementIds.first);
    const { streamVersion } = await store.append(
      stream,
      [{ type: "Granted", schemaVersion: 1, data: { grantedKronor: "a lot" } }],
      { expectedVersion: "stream-exists" },
    );
    const { index, reads } = recording(store);
    for (let attempt = 0; attempt < 2; attempt++) {
      const failure = await index.agreementsOf(organisations.husbyKonst.organisationNumber).catch((e) => e);
      expect(failure).toBeInstanceOf(EventDecodingError);
      expect(failure).toMatchObject({ eventType: "Granted", streamId: stream, streamVersion });
      expect(index.position).toBe(3);
    }
    // The first attempt read the four events, the second only the one it could not decode.
    expect(reads.events).toBe(4 + 1);
  });
});
