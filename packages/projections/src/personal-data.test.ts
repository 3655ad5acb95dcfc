import {
  AgreementCommandHandler,
  canonicalJson,
  ERASED_VALUE,
  forgetPerson,
  InMemoryPersonKeyStore,
  protectPersonalData,
  publicAuthorityPolicy,
} from "@iop/core";
import { husbyHistory, people, record } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { builtInProjections } from "./built-in/all.js";
import { runLive } from "./run-live.js";

describe("the built-in projections after a person is forgotten", () => {
  it("replay as before, but for the erased names; other persons' names stay", async () => {
    const store = protectPersonalData(createMemoryStore(), new InMemoryPersonKeyStore());
    await record(new AgreementCommandHandler({ store }), husbyHistory);
    const states = () =>
      Promise.all(builtInProjections.map(async (p) => canonicalJson(await runLive(p, store))));
    const before = await states();
    const director = people.districtDirector;
    await forgetPerson(
      store,
      {
        personId: director.personId,
        requestedBy: "the person",
        performedBy: "registrator-järva",
        legalBasis: { kind: "gallringsbeslut", reference: "Järva SDN gallringsbeslut 2026:14" },
      },
      publicAuthorityPolicy,
    );
    const after = await states();
    const erased = (state: string) => state.replaceAll(`"${director.name}"`, `"${ERASED_VALUE}"`);
    expect(after).toEqual(before.map(erased));
    // The audit trail names the signatories: there is something to erase, and the others stay.
    expect(before.some((s) => s.includes(director.name))).toBe(true);
    expect(after.some((s) => s.includes(people.actingHeadOfDepartment2022.name))).toBe(true);
    expect(after.join()).not.toContain(director.name);
  });
});
