import { husbyAgreementIds, husbyHistory } from "@iop/fixtures";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CallMutation,
  describeHostileCall,
  type HandleStep,
  HOLE,
  hostileCallArbitrary,
  materialiseCall,
  REMOVE,
} from "./hostile-commands.js";

const [apply, grant] = husbyHistory.filter((s) => s.agreementId === husbyAgreementIds.y2022) as [
  HandleStep,
  HandleStep,
];
const snapshot = structuredClone(husbyHistory);

function set(path: (string | number)[], value: unknown): CallMutation {
  return { path, label: "", change: () => value };
}

describe("materialiseCall", () => {
  it("moves the setup and the call to the fresh agreement, the Apply's data.agreementId too", () => {
    const { setup, call } = materialiseCall({ setup: [apply], target: grant, mutations: [] }, "fresh");
    expect(setup[0]?.agreementId).toBe("fresh");
    expect(setup[0]?.command.data).toMatchObject({ agreementId: "fresh" });
    expect(call).toEqual({ ...grant, agreementId: "fresh" });
  });

  it("mutates a copy: replaces, deletes, leaves holes, inserts, adds __proto__ as an own key", () => {
    const { call } = materialiseCall(
      {
        setup: [],
        target: grant,
        mutations: [
          set(["command", "data", "grantedKronor"], 1n),
          { path: ["command", "data", "decision", "points", 0], label: "", change: () => REMOVE },
          { path: ["command", "data", "decision", "signatories", 1], label: "", change: () => HOLE },
          { ...set(["command", "data", "decision", "signatories", 0], "first"), insert: true },
          set(["context", "__proto__"], { polluted: true }),
        ],
      },
      "fresh",
    );
    const { data } = call.command as {
      data: Record<string, unknown> & { decision: Record<string, unknown[]> };
    };
    expect(data.grantedKronor).toBe(1n);
    expect(data.decision.points).toHaveLength(1);
    expect(data.decision.signatories?.[0]).toBe("first");
    expect(2 in (data.decision.signatories ?? [])).toBe(false);
    expect(Object.hasOwn(call.context as object, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(call.context)).toBe(Object.prototype);
    expect(husbyHistory).toEqual(snapshot);
  });

  it("leaves alone a mutation whose path runs through a value made hostile before it", () => {
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error("read");
        },
      },
    );
    const { call } = materialiseCall(
      {
        setup: [],
        target: grant,
        mutations: [set(["command", "data"], trap), set(["command", "data", "x"], 1)],
      },
      "fresh",
    );
    expect((call.command as { data: unknown }).data).toBe(trap);
  });
});

describe("hostileCallArbitrary", () => {
  it("builds calls from every step, some unchanged, some retried, each described in one line", () => {
    const calls = fc.sample(hostileCallArbitrary([husbyHistory]), { numRuns: 500, seed: 1 });
    expect(new Set(calls.map((c) => c.target)).size).toBe(husbyHistory.length);
    expect(calls.some((c) => c.mutations.length === 0)).toBe(true);
    expect(calls.some((c) => c.setup.at(-1) === c.target)).toBe(true);
    for (const call of calls) expect(describeHostileCall(call)).not.toContain("\n");
  });
});
