import { AgreementCommandHandler, InMemoryPersonKeyStore, protectPersonalData } from "@iop/core";
import { husbyHistory, people, record } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { hasKeyStore, NoKeyStoreError, personalDataView } from "./personal-data-view.js";

const director = people.districtDirector;
const signing = {
  type: "Signed",
  schemaVersion: 1,
  data: { signedOn: "2022-03-30", signatories: [director] },
} as const;

describe("a store whose adapter keeps no person keys", () => {
  it("refuses an append holding a name, naming the adapter and the person, and writes nothing", async () => {
    const store = personalDataView(createMemoryStore());
    expect(hasKeyStore(store)).toBe(false);
    const refused = store.append("agreement-x", [signing], { expectedVersion: "no-stream" });
    await expect(refused).rejects.toBeInstanceOf(NoKeyStoreError);
    await expect(refused).rejects.toMatchObject({
      code: "NO_KEY_STORE",
      message: expect.stringMatching(/^in-memory store has no key store: the personal data of sthlm-p-1001/),
    });
    expect(await store.readAll()).toEqual([]);
  });

  it("records events without names as they are", async () => {
    const store = personalDataView(createMemoryStore());
    const unnamed = { ...signing, data: { ...signing.data, signatories: [{ role: "ordförande" }] } };
    await store.append("agreement-x", [unnamed], { expectedVersion: "no-stream" });
    expect((await store.readStream("agreement-x"))[0]?.data).toEqual(unnamed.data);
  });

  it("reads a value sealed elsewhere as [sealed], not [erased]: the key may exist where it came from", async () => {
    const raw = createMemoryStore();
    await record(
      new AgreementCommandHandler({ store: protectPersonalData(raw, new InMemoryPersonKeyStore()) }),
      husbyHistory,
    );
    const text = JSON.stringify(await personalDataView(raw).readAll({ limit: 1000 }));
    expect(text).toContain('"name":"[sealed]"');
    expect(text).not.toContain("[erased]");
    expect(text).not.toContain(director.name);
  });
});
