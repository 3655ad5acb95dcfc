import { husbyHistory, people, record } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { AgreementCommandHandler } from "../command-handler.js";
import { verifyStore } from "../integrity/verify-store.js";
import type { StoredEvent } from "../store/envelope.js";
import { forgetPerson, organisationPolicy, publicAuthorityPolicy } from "./erasure.js";
import { InMemoryPersonKeyStore } from "./person-key-store.js";
import { type PersonalDataStore, protectPersonalData } from "./personal-data-store.js";
import { personalFieldsByEventType } from "./personal-fields.js";
import { registerExtract } from "./register-extract.js";
import { ERASED_VALUE } from "./sealed-value.js";

const runs = Math.max(5, Math.round(Number(process.env.IOP_PROPERTY_SCALE ?? 1) * 50));
const director = people.districtDirector;
const head2022 = people.actingHeadOfDepartment2022;

const gallring = { kind: "gallringsbeslut", reference: "Järva SDN gallringsbeslut 2026:14" } as const;
const erasureOf = (
  personId: string,
  legalBasis: typeof gallring | { kind: "gdpr-article-17" } = gallring,
) => ({
  personId,
  requestedBy: "the person",
  performedBy: "registrator-järva",
  legalBasis,
});

const everything = async (store: Pick<PersonalDataStore, "readAll">) => store.readAll({ limit: 10_000 });

let store: PersonalDataStore;

beforeEach(async () => {
  store = protectPersonalData(createMemoryStore(), new InMemoryPersonKeyStore());
  await record(new AgreementCommandHandler({ store }), husbyHistory);
});

describe("personal fields", () => {
  it("are marked in the schemas and listed per event type", () => {
    const fields = personalFieldsByEventType();
    expect(fields.Granted.map((f) => f.path)).toEqual([
      "decision.signatories[].name",
      "decision.caseOfficer.name",
    ]);
    expect(fields.Signed.map((f) => f.path)).toContain("signatories[].name");
    expect(fields.PeriodReported).toEqual([]);
  });
});

describe("a store that protects personal data", () => {
  it("keeps names only sealed, gives them back on read, and verifies over the sealed bytes", async () => {
    const sealed = JSON.stringify(await everything(store.sealed));
    expect(sealed).not.toContain(director.name);
    expect(sealed).toContain(`"personId":"${director.personId}"`);
    expect(JSON.stringify(await everything(store))).toContain(director.name);
    const report = await verifyStore(store.sealed);
    expect(report.findings).toEqual([]);
    // Given the opening store itself, verify reads the sealed bytes underneath.
    expect((await verifyStore(store)).findings).toEqual([]);
  });

  it("refuses a name without the person's id, naming the field, and writes nothing", async () => {
    const before = (await everything(store.sealed)).length;
    await expect(
      store.append(
        "agreement-husby-konst-2099",
        [
          {
            type: "Signed",
            schemaVersion: 1,
            data: { signedOn: "2099-01-01", signatories: [{ role: "ordförande", name: "Anna" }] },
          },
        ],
        { expectedVersion: "no-stream" },
      ),
    ).rejects.toMatchObject({ code: "INVALID_STORE_INPUT", field: "events[0].data.signatories[0].name" });
    expect(await everything(store.sealed)).toHaveLength(before);
  });
});

describe("forgetting a person", () => {
  it("is refused for a public authority without a gallringsbeslut, and nothing changes", async () => {
    await expect(
      forgetPerson(store, erasureOf(director.personId, { kind: "gdpr-article-17" }), publicAuthorityPolicy),
    ).rejects.toMatchObject({ code: "ERASURE_REFUSED", message: expect.stringContaining("gallringsbeslut") });
    expect(JSON.stringify(await everything(store))).toContain(director.name);
  });

  it("with a gallringsbeslut: the names read as erased, the decisions stay, the chain and checkpoint hold", async () => {
    const before = await verifyStore(store.sealed);
    const result = await forgetPerson(store, erasureOf(director.personId), publicAuthorityPolicy);
    expect(result).toEqual({ recorded: true, destroyed: true });
    const after = await everything(store);
    const text = JSON.stringify(after);
    expect(text).not.toContain(director.name);
    expect(text).toContain(ERASED_VALUE);
    expect(text).toContain(head2022.name); // another person is untouched
    // The erasure is itself in the history, holding no personal data.
    const erasure = after.at(-1) as StoredEvent;
    expect(erasure).toMatchObject({
      type: "PersonErased",
      data: { personId: director.personId, legalBasis: gallring },
    });
    // The old tree is a prefix of the new one: the erasure added an event and changed none.
    const report = await verifyStore(store.sealed, {
      checkpoint: { origin: "test", size: before.size, rootHash: Buffer.from(before.rootHash, "hex") },
    });
    expect(report.findings).toEqual([]);
    // Done again: nothing more to do, and said so.
    expect(await forgetPerson(store, erasureOf(director.personId), publicAuthorityPolicy)).toEqual({
      recorded: false,
      destroyed: false,
    });
  });

  it("under an organisation's policy, on GDPR alone", async () => {
    const result = await forgetPerson(
      store,
      erasureOf(head2022.personId, { kind: "gdpr-article-17" }),
      organisationPolicy,
    );
    expect(result.destroyed).toBe(true);
  });

  it("refuses a person the store holds nothing of, and new data under a forgotten id", async () => {
    await expect(forgetPerson(store, erasureOf("sthlm-p-9999"), publicAuthorityPolicy)).rejects.toMatchObject(
      {
        code: "ERASURE_REFUSED",
      },
    );
    await forgetPerson(store, erasureOf(director.personId), publicAuthorityPolicy);
    await expect(
      store.append(
        "agreement-husby-konst-2099",
        [{ type: "Signed", schemaVersion: 1, data: { signedOn: "2099-01-01", signatories: [director] } }],
        { expectedVersion: "no-stream" },
      ),
    ).rejects.toMatchObject({ code: "INVALID_STORE_INPUT", message: expect.stringContaining("erased") });
  });

  it("leaves every agreement's events and state as they were, but for the erased names", async () => {
    const handler = new AgreementCommandHandler({ store });
    const ids = [...new Set(husbyHistory.map((s) => s.agreementId))];
    const loaded = async () => Promise.all(ids.map(async (id) => JSON.stringify(await handler.load(id))));
    const erased = (text: string) => text.replaceAll(`"name":"${director.name}"`, `"name":"${ERASED_VALUE}"`);
    const before = await loaded();
    await forgetPerson(store, erasureOf(director.personId), publicAuthorityPolicy);
    const after = await loaded();
    expect(after).toEqual(before.map(erased));
    expect(after).not.toEqual(before);
  });
});

describe("a register extract", () => {
  it("lists every event that holds the person's data, and says when it was erased", async () => {
    const extract = await registerExtract(store.sealed, store.keys, director.personId);
    expect(extract.erased).toBe(false);
    expect(extract.entries.length).toBeGreaterThan(3);
    expect(
      extract.entries.every((e) => e.kept === "sealed" && e.fields.every((f) => f.endsWith(".name"))),
    ).toBe(true);
    await forgetPerson(store, erasureOf(director.personId), publicAuthorityPolicy);
    const after = await registerExtract(store.sealed, store.keys, director.personId);
    expect(after).toMatchObject({ erased: true, entries: extract.entries });
  });
});

describe("forgetting one person of a generated history", () => {
  const persons = ["p-anna", "p-bo", "p-cecilia", "p-david"];
  it("changes only that person's values, to the erased mark", async () => {
    const signing = fc.record({
      stream: fc.integer({ min: 0, max: 3 }),
      signers: fc.uniqueArray(fc.constantFrom(...persons), { minLength: 1, maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(signing, { minLength: 1, maxLength: 10 }),
        fc.constantFrom(...persons),
        async (history, forgotten) => {
          const protectedStore = protectPersonalData(createMemoryStore(), new InMemoryPersonKeyStore());
          for (const { stream, signers } of history)
            await protectedStore.append(
              `generated-${stream}`,
              [
                {
                  type: "Signed",
                  schemaVersion: 1,
                  data: {
                    signedOn: "2024-01-01",
                    signatories: signers.map((p) => ({ role: "ordförande", personId: p, name: `Namn ${p}` })),
                  },
                },
              ],
              { expectedVersion: "any" },
            );
          const before = await everything(protectedStore);
          if (!history.some((h) => h.signers.includes(forgotten))) return;
          await forgetPerson(
            protectedStore,
            erasureOf(forgotten, { kind: "gdpr-article-17" }),
            organisationPolicy,
          );
          const after = (await everything(protectedStore)).filter((e) => e.type !== "PersonErased");
          const expected = before.map((e) => ({
            ...e,
            data: JSON.parse(
              JSON.stringify(e.data).replaceAll(`"name":"Namn ${forgotten}"`, `"name":"${ERASED_VALUE}"`),
            ),
          }));
          expect(after).toEqual(expected);
          expect((await verifyStore(protectedStore.sealed)).findings).toEqual([]);
        },
      ),
      { numRuns: runs },
    );
  });
});
