import { husbyHistory } from "@iop/fixtures";
import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide } from "./decide.js";
import { isDomainError } from "./errors/index.js";
import type { DomainEvent } from "./events/catalog.js";
import { fold } from "./evolve.js";
import { historyArbitrary } from "./testing/command-arbitrary.js";
import { recorded } from "./testing/decider-spec.js";
import { streamViolations } from "./testing/stream-invariants.js";
import { verifyStream } from "./verify-stream.js";

function historyOf(agreementId: string): DomainEvent[] {
  const events: DomainEvent[] = [];
  for (const step of husbyHistory.filter((s) => s.agreementId === agreementId))
    events.push(recorded(step.command, events));
  return events;
}

describe("verifyStream", () => {
  it("finds nothing in the Husby streams", () => {
    for (const id of new Set(husbyHistory.map((s) => s.agreementId)))
      expect(verifyStream(historyOf(id))).toEqual([]);
  });

  it("names the event that breaks the lifecycle: a signing before any grant", () => {
    const [applied, , signed] = historyOf("husby-konst-2022") as [DomainEvent, DomainEvent, DomainEvent];
    expect(verifyStream([applied, signed])).toEqual([
      expect.objectContaining({ index: 1, type: "Signed", code: "LIFECYCLE_VIOLATION" }),
    ]);
  });

  it("agrees with the independent invariant check on generated streams", () => {
    fc.assert(
      fc.property(historyArbitrary, (steps) => {
        const events: DomainEvent[] = [];
        for (const step of steps.filter((s) => s.agreementId === "a")) {
          const result = decide(step.command, fold(events));
          if (!isDomainError(result)) events.push(...result);
        }
        expect(verifyStream(events)).toEqual([]);
        expect(streamViolations(events)).toEqual([]);
        // Dropping one event may break the stream; both checks must then agree that it did.
        for (let i = 0; i < events.length; i++) {
          const gapped = events.filter((_, j) => j !== i);
          expect(verifyStream(gapped).length === 0).toBe(streamViolations(gapped).length === 0);
        }
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
