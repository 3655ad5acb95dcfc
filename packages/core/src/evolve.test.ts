import { husbyAgreementIds, husbyHistory, jarva, rinkebyKista } from "@iop/fixtures";
import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Command } from "./commands.js";
import { decide } from "./decide.js";
import { isDomainError } from "./errors/index.js";
import type { DomainEvent } from "./events/catalog.js";
import { evolve, fold, type LifecycleEvent } from "./evolve.js";
import { type AgreementState, effectiveEnd, initialState } from "./state.js";
import { historyArbitrary } from "./testing/command-arbitrary.js";
import { recorded } from "./testing/decider-spec.js";

/** Freezes `value` and everything in it: changing any of it then throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function history(commands: readonly Command[]): DomainEvent[] {
  const events: DomainEvent[] = [];
  for (const command of commands) events.push(recorded(command, events));
  return events;
}

const husby = (id: string) => husbyHistory.filter((s) => s.agreementId === id).map((s) => s.command);

describe("evolve", () => {
  it("keeps what the application said: activities, goals, target groups", () => {
    const state = fold(history(husby(husbyAgreementIds.y2022).slice(0, 1)));
    expect(state.activities.map((a) => a.name)).toEqual(["Art Camp", "Konstakuten"]);
    expect(state.targetGroups).toContain("Barn och unga med funktionsnedsättning");
    expect(state.goals).toHaveLength(1);
  });

  it("lists every funding decision with its date: grant, extension with money, amended amount", () => {
    const events = history([
      ...husby(husbyAgreementIds.y2022).slice(0, 3),
      {
        type: "Extend",
        data: {
          decision: { body: rinkebyKista.name, date: "2022-11-10" },
          newEnd: "2023-03-31",
          additionalKronor: 81_000,
        },
      },
      {
        type: "Amend",
        data: {
          decision: { body: rinkebyKista.name, date: "2023-01-12" },
          changes: { grantedKronor: 400_000 },
        },
      },
    ]);
    const state = fold(events);
    expect(state.fundingDecisions).toEqual([
      { decidedOn: "2022-03-24", kronor: 324_000 },
      { decidedOn: "2022-11-10", kronor: 81_000 },
      { decidedOn: "2023-01-12", kronor: -5_000 },
    ]);
    expect(state.grantedKronor).toBe(400_000);
    expect(state.fundingDecisions.reduce((sum, d) => sum + d.kronor, 0)).toBe(state.grantedKronor);
    expect(state.period).toEqual({ start: "2022-01-01", end: "2023-03-31" });
  });

  it("hands the agreement to the successor council and keeps the succession", () => {
    const state = fold(history(husby(husbyAgreementIds.y2023)));
    expect(state.publicParties).toEqual([jarva]);
    expect(state.successions).toEqual([
      { from: rinkebyKista.name, to: jarva.name, effectiveOn: "2023-07-01" },
    ]);
  });

  it("ends an agreement on its termination date when that comes before the period end", () => {
    const state = fold(
      history([
        ...husby(husbyAgreementIds.y2022).slice(0, 3),
        {
          type: "Terminate",
          data: {
            kind: "notice",
            initiatedBy: "public",
            decidedOn: "2022-08-01",
            effectiveOn: "2022-09-30",
            reason: "Verksamheten har upphört",
          },
        },
      ]),
    );
    expect(state.status).toBe("terminated");
    expect(effectiveEnd(state)).toBe("2022-09-30");
    expect(state.version).toBe(4);
  });

  it("keeps who granted and when, the day of each extension, amendment and report, and the parties applied with", () => {
    const events = history([
      ...husby(husbyAgreementIds.y2023),
      {
        type: "Extend",
        data: { decision: { body: jarva.name, date: "2023-11-10" }, newEnd: "2024-03-31" },
      },
    ]);
    const state = fold(events);
    expect(state).toMatchObject({
      grantedBy: rinkebyKista.name,
      grantedOn: state.decidedOn,
      appliedWith: [rinkebyKista],
      publicParties: [jarva],
      extendedOn: ["2023-11-10"],
      amendedOn: [],
    });
    expect(state.reports).toEqual([{ start: "2023-01-01", end: "2023-12-31" }]);
    expect(state.reportedOn).toEqual(["2024-02-28"]);
    expect(fold([])).toMatchObject({ grantedBy: undefined, extendedOn: [], reportedOn: [], appliedWith: [] });
  });

  it("folds a trimmed copy of the events (a LifecycleEvent) to the same lifecycle", () => {
    const events = history(husby(husbyAgreementIds.y2022));
    // Keep only what evolve reads: drop goals, target groups, activities, terms, conditions.
    const trimmed: LifecycleEvent[] = events.map((event): LifecycleEvent => {
      if (event.type === "Applied") {
        const { goals: _g, targetGroups: _t, activities: _a, contributions: _c, ...data } = event.data;
        return { type: "Applied", data };
      }
      if (event.type === "Signed") return { type: "Signed", data: { signedOn: event.data.signedOn } };
      return event;
    });
    const full = fold(events);
    const lean = fold(trimmed);
    expect(lean).toEqual({ ...full, goals: [], targetGroups: [], activities: [], terms: undefined });
  });

  it(`fold reaches the state evolve reaches event by event, and changes neither its start nor an event (${propertyRuns(200)} runs)`, () => {
    fc.assert(
      fc.property(historyArbitrary, fc.nat(), (steps, cut) => {
        const events: DomainEvent[] = [];
        for (const { command } of steps.filter((s) => s.agreementId === "a")) {
          const result = decide(command, fold(events));
          if (!isDomainError(result)) events.push(...result);
        }
        const stepwise = events.reduce<AgreementState>(evolve, initialState);
        const frozen = deepFreeze(structuredClone(events));
        expect(fold(frozen)).toEqual(stepwise);
        // From a state of its own: one a fold returned, frozen, and the rest on top of it.
        const at = events.length === 0 ? 0 : cut % (events.length + 1);
        const start = deepFreeze(fold(frozen.slice(0, at)));
        expect(fold(frozen.slice(at), start)).toEqual(stepwise);
        expect(fold(frozen.slice(at), start)).toEqual(stepwise);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it("fold from any cut of a real history, frozen, reaches the same state", () => {
    const events = history([
      ...husby(husbyAgreementIds.y2022),
      {
        type: "Extend",
        data: {
          decision: { body: rinkebyKista.name, date: "2022-11-10" },
          newEnd: "2023-03-31",
          additionalKronor: 81_000,
        },
      },
      {
        type: "ReportPeriod",
        data: { reportedOn: "2023-04-20", period: { start: "2023-01-01", end: "2023-03-31" } },
      },
      {
        type: "Amend",
        data: {
          decision: { body: rinkebyKista.name, date: "2023-05-12" },
          changes: { grantedKronor: 400_000 },
        },
      },
    ]);
    const stepwise = events.reduce<AgreementState>(evolve, initialState);
    expect(stepwise.reports.length).toBeGreaterThan(1);
    for (let at = 0; at <= events.length; at++) {
      const start = deepFreeze(fold(events.slice(0, at)));
      expect(fold(events.slice(at), start), `cut at ${at}`).toEqual(stepwise);
    }
  });
});
