import { describe, expect, it } from "vitest";
import { apply, grant, inputOf, sign } from "../testing/builders.js";
import { publicPartyLineage, referencesOf } from "./references.js";

const merger = (from: string, to: string) => ({ from, to, effectiveOn: "2023-07-01" });
const stockholm2023 = [
  merger("Rinkeby-Kista stadsdelsnämnd", "Järva stadsdelsnämnd"),
  merger("Spånga-Tensta stadsdelsnämnd", "Järva stadsdelsnämnd"),
  merger("Järva stadsdelsnämnd", "Nordvästra stadsdelsnämnd"),
];

describe("references", () => {
  it("given an application, its predecessor; given an evaluation, every covered agreement but itself, by its index", () => {
    expect(
      referencesOf(inputOf(apply({ predecessorAgreementId: "earlier" }))).map((r) => [
        r.field,
        r.agreementId,
      ]),
    ).toEqual([["data.predecessorAgreementId", "earlier"]]);
    expect(referencesOf(inputOf(apply()))).toEqual([]);
    const evaluate = {
      type: "Evaluate" as const,
      data: {
        evaluatedOn: "2023-01-15",
        scope: ["a", "test-agreement", "b"],
        method: "Workshop",
        goalAttainment: { overall: "met" as const },
      },
    };
    expect(
      referencesOf(inputOf(evaluate, apply(), grant(), sign())).map((r) => [r.field, r.agreementId]),
    ).toEqual([
      ["data.scope.0", "a"],
      ["data.scope.2", "b"],
    ]);
  });

  it("given the 2023 mergers, a council is one body with its successors along the chain, either way, and not with a sibling", () => {
    const related = publicPartyLineage(stockholm2023);
    expect(related("Rinkeby-Kista stadsdelsnämnd", "Järva stadsdelsnämnd")).toBe(true);
    expect(related("Järva stadsdelsnämnd", "rinkeby–kista  Stadsdelsnämnd")).toBe(true);
    expect(related("Rinkeby-Kista stadsdelsnämnd", "Nordvästra stadsdelsnämnd")).toBe(true);
    expect(related("Rinkeby-Kista stadsdelsnämnd", "Spånga-Tensta stadsdelsnämnd")).toBe(false);
    expect(related("Kulturnämnden", "kulturnämnden")).toBe(true);
    expect(publicPartyLineage([])("Rinkeby-Kista stadsdelsnämnd", "Järva stadsdelsnämnd")).toBe(false);
  });

  it("given successions in a loop, it still answers", () => {
    const related = publicPartyLineage([merger("A", "B"), merger("B", "A")]);
    expect(related("A", "B")).toBe(true);
    expect(related("A", "C")).toBe(false);
  });
});
