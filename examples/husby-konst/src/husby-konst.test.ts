import { AgreementCommandHandler, type AgreementState } from "@iop/core";
import { husbyAgreementIds, husbyHistory, record } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { beforeAll, describe, expect, it } from "vitest";
import { tellHusbyKonst } from "./husby-konst.js";
import type { Story } from "./story.js";

/** What the register and the timeline are made of: the facts a story must get right. */
function facts(state: AgreementState) {
  const { status, period, grantedKronor, decidedOn, signedOn, predecessorAgreementId, reports } = state;
  return {
    status,
    period,
    grantedKronor,
    decidedOn,
    signedOn,
    predecessorAgreementId,
    reports: reports.map((r) => [r.start, r.end]),
    successions: state.successions,
    evaluatedOn: state.evaluations.map((e) => e.evaluatedOn),
    renegotiation: state.renegotiation?.decidedOn,
  };
}

describe("pnpm example:husby-konst", () => {
  const lines: string[] = [];
  let story: Story;
  beforeAll(async () => {
    story = await tellHusbyKonst((line) => lines.push(line));
  });

  it("ends with the partnership's four agreements, its 2020–2021 gap and the merger into Järva", () => {
    expect(lines.slice(-3)).toEqual([
      "The partnership: husby-konst-2019 → husby-konst-2022 → husby-konst-2023 → husby-konst-2024",
      "  gap without an agreement: 2020-09-01 – 2021-12-31",
      "  succession: Rinkeby-Kista stadsdelsnämnd → Järva stadsdelsnämnd from 2023-07-01",
    ]);
  });

  it("shows the retroactive 2022 grant in force on its decision day, flagged by the Stockholm rules", () => {
    const grant = lines.indexOf("2022-03-24  Granted  husby-konst-2022");
    expect(grant).toBeGreaterThan(0);
    expect(lines[grant + 2]).toMatch(/^ {2}warning RETROACTIVE_START: /);
    expect(lines[grant + 3]).toBe(
      "  register: husby-konst-2022  granted  in force  324 000 kr  2022-01-01 – 2022-12-31  Rinkeby-Kista stadsdelsnämnd",
    );
    expect(lines.filter((l) => l.startsWith("  warning "))).toHaveLength(1);
    expect(lines).toContain(
      "2022-03-24  the same meeting decides 7 more applications: 2 rejected; the 2022 grants come to 6 771 000 kr",
    );
  });

  it("shows the 2023 agreement under Järva from the merger on", () => {
    const succession = lines.indexOf("2023-07-01  PublicPartySucceeded  husby-konst-2023");
    expect(lines[succession + 2]).toMatch(/^ {2}register: husby-konst-2023 .* Järva stadsdelsnämnd$/);
  });

  it("records the same facts as the fixture's Husby history, which the other tests and the demo use", async () => {
    const store = createMemoryStore();
    const fixture = new AgreementCommandHandler({ store });
    await record(fixture, husbyHistory);
    for (const id of Object.values(husbyAgreementIds)) {
      const told = (await story.handler.load(id)).state;
      expect(facts(told), id).toEqual(facts((await fixture.load(id)).state));
    }
  });
});
