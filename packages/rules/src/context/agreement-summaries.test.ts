import { AgreementCommandHandler, initialState } from "@iop/core";
import { husbyAgreementIds, husbyHistory, organisations, record } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { AgreementSummaries } from "./agreement-summaries.js";
import { summariseAgreement } from "./agreement-summary.js";

/** The states of Husby's agreements once its history is recorded, by agreement id. */
async function husbyStates() {
  const handler = new AgreementCommandHandler({ store: createMemoryStore() });
  await record(handler, husbyHistory);
  const ids = Object.values(husbyAgreementIds);
  return new Map(await Promise.all(ids.map(async (id) => [id, (await handler.load(id)).state] as const)));
}

/** The state of Husby's 2022 agreement once its history is recorded. */
async function husby2022() {
  const state = (await husbyStates()).get(husbyAgreementIds.y2022);
  if (state === undefined) throw new Error("the Husby history has a 2022 agreement");
  return state;
}

describe("agreement summaries", () => {
  it("given Husby's agreements, they are found by id and by the number in any form, in the order applied for", async () => {
    const summaries = new AgreementSummaries();
    const states = await husbyStates();
    for (const [id, state] of states) summaries.update(id, state);
    const expected = [...states.values()].map(summariseAgreement);
    expect(summaries.ofOrganisation("8024001235")).toEqual(expected);
    expect(summaries.ofOrganisation(organisations.husbyKonst.organisationNumber)).toEqual(expected);
    expect(summaries.get(husbyAgreementIds.y2022)).toEqual(expected[1]);
    expect(summaries.ofOrganisation(organisations.kistaSc.organisationNumber)).toEqual([]);
  });

  it("given a later state, it replaces the summary; given another number, the agreement moves; given no application, it has none", async () => {
    const summaries = new AgreementSummaries();
    const state = await husby2022();
    const id = husbyAgreementIds.y2022;
    summaries.update(id, { ...state, status: "applied" });
    summaries.update(id, state);
    expect(summaries.get(id)?.status).toBe("signed");
    summaries.update(id, { ...state, organisation: organisations.kistaSc });
    expect(summaries.ofOrganisation(organisations.husbyKonst.organisationNumber)).toEqual([]);
    expect(
      summaries.ofOrganisation(organisations.kistaSc.organisationNumber).map((s) => s.agreementId),
    ).toEqual([husbyAgreementIds.y2022]);
    summaries.update(id, initialState);
    expect(summaries.get(id)).toBeUndefined();
    expect(summaries.ofOrganisation(organisations.kistaSc.organisationNumber)).toEqual([]);
  });

  it("given the merger recorded on the 2023 and 2024 agreements, it keeps the succession once, however spelt", async () => {
    const summaries = new AgreementSummaries();
    expect(summaries.successions()).toEqual([]);
    const states = await husbyStates();
    for (const [id, state] of states) summaries.update(id, state);
    const merger = {
      from: "Rinkeby-Kista stadsdelsnämnd",
      to: "Järva stadsdelsnämnd",
      effectiveOn: "2023-07-01",
    };
    expect(summaries.successions()).toEqual([merger]);
    const state = await husby2022();
    summaries.update("again", {
      ...state,
      successions: [{ ...merger, from: "rinkeby–kista  Stadsdelsnämnd" }],
    });
    expect(summaries.successions()).toEqual([merger]);
  });
});
