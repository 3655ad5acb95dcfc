import { createMemoryStore } from "@iop/store-memory";
import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { agreementStreamId } from "./agreement-stream.js";
import { decodeEvent } from "./codec.js";
import { AgreementCommandHandler } from "./command-handler.js";
import type { Command } from "./commands.js";
import { decide } from "./decide.js";
import { DomainError, isDomainError } from "./errors/index.js";
import type { DomainEvent } from "./events/catalog.js";
import { fold } from "./evolve.js";
import { initialState } from "./state.js";
import type { EventStore } from "./store/event-store.js";
import { commandArbitrary, historyArbitrary } from "./testing/command-arbitrary.js";
import { streamViolations } from "./testing/stream-invariants.js";

const RUNS = propertyRuns(300);
const recordedTypes = new Map<string, number>();
let refused = 0;

/** Runs generated steps through a handler over the in-memory adapter, checking each refusal. */
async function runHistory(steps: readonly { agreementId: string; command: unknown }[]) {
  const store = createMemoryStore();
  const handler = new AgreementCommandHandler({ store });
  for (const [i, step] of steps.entries()) {
    const streamId = agreementStreamId(step.agreementId);
    const before = await store.readStream(streamId);
    try {
      const handled = await handler.handle(step.agreementId, step.command as never, {
        commandId: `cmd-${i}`,
      });
      for (const e of handled.events) recordedTypes.set(e.type, (recordedTypes.get(e.type) ?? 0) + 1);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      refused += 1;
      expect(await store.readStream(streamId)).toEqual(before);
    }
  }
  return { store, handler };
}

async function domainEvents(store: EventStore, agreementId: string): Promise<DomainEvent[]> {
  return (await store.readStream(agreementStreamId(agreementId))).map((e) => {
    const { type, data } = decodeEvent(e);
    return { type, data } as DomainEvent;
  });
}

describe("properties of the decider over the in-memory adapter", () => {
  it("any sequence of commands yields only streams that satisfy every invariant, and a refused command changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary, async (steps) => {
        const { store } = await runHistory(steps);
        for (const id of ["a", "b"]) expect(streamViolations(await domainEvents(store, id))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it("decide never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(isDomainError(decide(input as Command, initialState))).toBe(true);
        expect(isDomainError(decide({ type: "Grant", data: input } as Command, initialState))).toBe(true);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(historyArbitrary, commandArbitrary("a"), (steps, command) => {
        const events: DomainEvent[] = [];
        for (const step of steps.filter((s) => s.agreementId === "a")) {
          const result = decide(step.command, fold(events));
          if (!isDomainError(result)) events.push(...result);
        }
        const result = decide(command, fold(events));
        expect(Array.isArray(result) || isDomainError(result)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("folding is deterministic and survives a JSON round trip of the events", async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary, async (steps) => {
        const { store } = await runHistory(steps);
        for (const id of ["a", "b"]) {
          const events = await domainEvents(store, id);
          const state = fold(events);
          expect(fold(events)).toEqual(state);
          expect(fold(JSON.parse(JSON.stringify(events)) as DomainEvent[])).toEqual(state);
          const { handler } = await runHistory(steps);
          expect((await handler.load(id)).state).toEqual(state);
        }
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it("a command sent again with the same command id appends nothing", async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary, async (steps) => {
        const { store, handler } = await runHistory(steps);
        const before = await store.readAll();
        for (const [i, step] of steps.entries()) {
          const again = await handler
            .handle(step.agreementId, step.command, { commandId: `cmd-${i}` })
            .catch((e: unknown) => e);
          // A command that was refused the first time may be refused again or, its id unused, be decided anew.
          if (!(again instanceof Error) && before.some((e) => e.metadata.commandId === `cmd-${i}`))
            expect(again).toMatchObject({ duplicate: true });
        }
        const stillThere = (await store.readAll()).slice(0, before.length);
        expect(stillThere).toEqual(before);
        const newIds = (await store.readAll()).slice(before.length).map((e) => e.metadata.commandId);
        expect(newIds.every((id) => !before.some((e) => e.metadata.commandId === id))).toBe(true);
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  afterAll(() => {
    // The generators must reach deep into the lifecycle, or the properties prove little.
    for (const type of [
      "Applied",
      "Granted",
      "Signed",
      "PeriodReported",
      "Terminated",
      "Extended",
      "Rejected",
    ])
      expect(recordedTypes.get(type) ?? 0, `${type} events recorded`).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(100);
  });
});
