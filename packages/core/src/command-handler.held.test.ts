import { husbyAgreementIds, husbyHistory } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agreementStreamId } from "./agreement-stream.js";
import { decodeEvent } from "./codec.js";
import { AgreementCommandHandler } from "./command-handler.js";
import type { Command } from "./commands.js";
import { decide } from "./decide.js";
import { ConcurrencyError, DomainError, isDomainError } from "./errors/index.js";
import { fold } from "./evolve.js";
import type { EventStore } from "./store/event-store.js";
import { losingStore } from "./test-support/losing-store.js";
import { historyArbitrary } from "./testing/command-arbitrary.js";

const ID = husbyAgreementIds.y2022;
const [apply, grant, sign] = husbyHistory.filter((s) => s.agreementId === ID).map((s) => s.command) as [
  Command,
  Command,
  Command,
];
const report = (reportedOn: string, start: string, end: string): Command => ({
  type: "ReportPeriod",
  data: { reportedOn, period: { start, end } },
});

/** The memory store, counting the stream reads made through it. */
function countingStore(inner: EventStore = createMemoryStore()) {
  const counted = {
    reads: 0,
    appends: 0,
    store: {
      readStream: (id, o) => {
        counted.reads += 1;
        return inner.readStream(id, o);
      },
      readAll: (o) => inner.readAll(o),
      close: () => inner.close(),
      append: (id, events, options) => {
        counted.appends += 1;
        return inner.append(id, events, options);
      },
    } satisfies EventStore,
  };
  return counted;
}

describe("AgreementCommandHandler holding agreements", () => {
  it("decides a command on an agreement it holds without reading its stream", async () => {
    const held = countingStore();
    const handler = new AgreementCommandHandler({ store: held.store });
    for (const command of [apply, grant, sign]) await handler.handle(ID, command);
    expect(held.reads).toBe(1);

    const reading = countingStore();
    const everyTime = new AgreementCommandHandler({ store: reading.store, heldAgreements: 0 });
    for (const command of [apply, grant, sign]) await everyTime.handle(ID, command);
    expect(reading.reads).toBe(3);
  });

  it("lets the least recently handled agreement go first", async () => {
    const held = countingStore();
    const handler = new AgreementCommandHandler({ store: held.store, heldAgreements: 1 });
    await handler.handle("a", { ...apply, data: { ...(apply.data as object), agreementId: "a" } } as Command);
    await handler.handle("b", { ...apply, data: { ...(apply.data as object), agreementId: "b" } } as Command);
    expect(held.reads).toBe(2);
    await handler.handle("b", grant);
    expect(held.reads).toBe(2);
    await handler.handle("a", grant);
    expect(held.reads).toBe(3);
  });

  it("records on the stream as it is when another writer overtook the held state, and that is no retry", async () => {
    const inner = createMemoryStore();
    const held = countingStore(inner);
    const handler = new AgreementCommandHandler({ store: held.store, maxRetries: 0 });
    const other = new AgreementCommandHandler({ store: inner });
    for (const command of [apply, grant, sign]) await handler.handle(ID, command);
    await other.handle(ID, report("2022-07-15", "2022-01-01", "2022-06-30"));

    const result = await handler.handle(ID, report("2023-01-15", "2022-07-01", "2022-12-31"));
    expect(result.state.version).toBe(5);
    expect(result.state.reports).toEqual([
      { start: "2022-01-01", end: "2022-06-30" },
      { start: "2022-07-01", end: "2022-12-31" },
    ]);
    // The append onto the held version 3 was refused, then the stream was read and decided on.
    expect(held.appends).toBe(5);
    expect(held.reads).toBe(2);
    expect((await inner.readStream(agreementStreamId(ID))).map((e) => e.streamVersion)).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });

  it("refuses a command only on a fresh read: one the held state refuses may be right on the stream", async () => {
    const inner = createMemoryStore();
    const handler = new AgreementCommandHandler({ store: inner });
    const other = new AgreementCommandHandler({ store: inner });
    await handler.handle(ID, apply);
    await handler.handle(ID, grant);
    await other.handle(ID, sign);
    // Held as granted, not signed: a report is refused there, and accepted on the stream.
    const result = await handler.handle(ID, report("2022-07-15", "2022-01-01", "2022-06-30"));
    expect(result.state.version).toBe(4);
    await expect(handler.handle(ID, sign)).rejects.toBeInstanceOf(DomainError);
  });

  it("keeps holding an agreement whose refusal a fresh read confirmed", async () => {
    const held = countingStore();
    const handler = new AgreementCommandHandler({ store: held.store });
    await handler.handle(ID, apply);
    await handler.handle(ID, grant);
    await expect(handler.handle(ID, grant)).rejects.toBeInstanceOf(DomainError);
    // The first read loaded the agreement, the second confirmed the refusal; signing reads nothing.
    expect(held.reads).toBe(2);
    await handler.handle(ID, sign);
    expect(held.reads).toBe(2);
  });

  it("tells a repeated command id from a new one, also when another handler recorded it", async () => {
    const inner = createMemoryStore();
    const handler = new AgreementCommandHandler({ store: inner });
    const other = new AgreementCommandHandler({ store: inner });
    await handler.handle(ID, apply, { commandId: "c-apply" });
    await handler.handle(ID, grant, { commandId: "c-grant" });
    expect((await handler.handle(ID, grant, { commandId: "c-grant" })).duplicate).toBe(true);

    await other.handle(ID, sign, { commandId: "c-sign" });
    const again = await handler.handle(ID, sign, { commandId: "c-sign" });
    expect(again).toMatchObject({ duplicate: true, state: { version: 3 } });
    expect(await inner.readStream(agreementStreamId(ID))).toHaveLength(3);
  });

  it("refuses a held-agreements count that is not a whole number ≥ 0", () => {
    const store = createMemoryStore();
    for (const heldAgreements of [-1, 1.5, Number.NaN])
      expect(() => new AgreementCommandHandler({ store, heldAgreements })).toThrow(
        /heldAgreements must be a whole number ≥ 0/,
      );
  });

  it("gives up after maxRetries conflicts from writers that keep winning, held state or not", async () => {
    const inner = createMemoryStore();
    const handler = new AgreementCommandHandler({ store: inner, maxRetries: 1 });
    for (const command of [apply, grant, sign]) await handler.handle(ID, command);
    const losing = losingStore(inner);
    const unlucky = new AgreementCommandHandler({ store: losing.store, maxRetries: 1 });
    await unlucky.load(ID);
    await expect(unlucky.handle(ID, report("2022-07-15", "2022-01-01", "2022-06-30"))).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    // Held state (refused: read again, not a retry), fresh read, one retry.
    expect(losing.appends()).toBe(3);
  });

  it(`handlers holding agreements decide every command as a handler reading the stream would (${propertyRuns(100)} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary,
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 64, maxLength: 64 }),
        async (steps, writers) => {
          const store = createMemoryStore();
          const handlers = [1_000, 1_000, 1].map(
            (heldAgreements) => new AgreementCommandHandler({ store, heldAgreements }),
          );
          for (const [i, { agreementId, command }] of steps.entries()) {
            const stored = await store.readStream(agreementStreamId(agreementId));
            const expected = decide(command, fold(stored.map((e) => decodeEvent(e))));
            const handler = handlers[writers[i % writers.length] as number] as AgreementCommandHandler;
            const outcome = await handler.handle(agreementId, command).catch((e: unknown) => e);
            if (isDomainError(expected)) {
              expect(isDomainError(outcome)).toBe(true);
              expect((outcome as DomainError).code).toBe(expected.code);
              expect(await store.readStream(agreementStreamId(agreementId))).toEqual(stored);
            } else {
              const recorded = (outcome as { events: { type: string; data: unknown }[] }).events;
              expect(recorded.map(({ type, data }) => ({ type, data }))).toEqual(
                expected.map(({ type, data }) => ({ type, data })),
              );
              expect(recorded[0]).toMatchObject({ streamVersion: stored.length + 1 });
            }
          }
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });
});
