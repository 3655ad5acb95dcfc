import { afterAll, beforeAll, describe, it } from "vitest";
import { appendAndReadTests } from "./append-and-read.js";
import { appendRecordedTests } from "./append-recorded.js";
import { atomicityTests } from "./atomicity.js";
import { badInputTests } from "./bad-input.js";
import { closeTests } from "./close.js";
import { concurrencyProperties } from "./concurrency-properties.js";
import { corruptRowTests } from "./corrupt-rows.js";
import { exactRoundTripTests } from "./exact-round-trip.js";
import { expectedVersionTests } from "./expected-version.js";
import type { EventStoreHarness, HarnessFactory } from "./harness.js";
import { hashChainTests } from "./hash-chain.js";
import { importRecordedTests } from "./import-recorded.js";
import { readAllTests } from "./read-all.js";

/** Options of {@link describeEventStoreConformance}. */
export interface ConformanceOptions {
  /** Runs of each fast-check property; 50 scaled by `IOP_PROPERTY_SCALE` by default. */
  readonly numRuns?: number;
  /**
   * When set, the whole suite is registered as skipped, with this reason in its name, so a
   * test report says by name what did not run and why (e.g. no server was configured).
   */
  readonly skipReason?: string;
  /**
   * Whether the adapter refuses an event id the store already holds (or one repeated within
   * a batch) with `InvalidStoreInputError`; `true` by default, as a stored event's id
   * identifies it. An adapter whose backing store cannot check it (EventStoreDB keeps ids
   * unique only for idempotent retries) sets `false`: the suite then requires such a batch
   * to be written whole or refused whole.
   */
  readonly uniqueEventIds?: boolean;
  /**
   * Whether `append` says where each event went (`AppendResult.events`); `true` by default. An
   * adapter whose server alone knows the positions (EventStoreDB) sets `false`: the suite then
   * requires the field to be absent rather than guessed.
   */
  readonly reportsAppendedEvents?: boolean;
  /**
   * Whether the harness can corrupt a stored row ({@link EventStoreHarness.corruptEvent}); `true`
   * by default. `false` registers that test as skipped, by name.
   */
  readonly corruptRows?: boolean;
}

/**
 * Runs of a property test: `base` scaled by the environment variable `IOP_PROPERTY_SCALE`
 * (default 1; a slow machine sets `0.5`, a soak run `20`), at least 1.
 */
export function propertyRuns(base: number): number {
  const scale = Number(process.env.IOP_PROPERTY_SCALE ?? "1");
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/**
 * The one conformance suite every storage adapter runs. It takes a factory for the adapter
 * under test and proves the semantics documented on `EventStore`, the hash chain,
 * `IopStore.appendRecorded` and `IopStore.importRecorded`.
 */
export function describeEventStoreConformance(
  name: string,
  factory: HarnessFactory,
  options: ConformanceOptions = {},
): void {
  if (options.skipReason !== undefined) {
    describe.skip(`${name} event store conformance — skipped: ${options.skipReason}`, () => {
      it("runs the conformance suite", () => {});
    });
    return;
  }
  const runs = options.numRuns ?? propertyRuns(50);
  describe(`${name} event store conformance`, () => {
    let h: EventStoreHarness | undefined;
    const harness = (): EventStoreHarness => {
      if (h === undefined) throw new Error("harness not ready");
      return h;
    };
    beforeAll(async () => {
      h = await factory();
    });
    afterAll(async () => {
      await h?.dispose();
    });

    const reportsAppendedEvents = options.reportsAppendedEvents ?? true;
    const uniqueEventIds = options.uniqueEventIds ?? true;
    describe("append and read", () => appendAndReadTests(harness, reportsAppendedEvents));
    describe("expected versions", () => expectedVersionTests(harness));
    describe("atomic batches", () => atomicityTests(harness, uniqueEventIds));
    describe("read all", () => readAllTests(harness));
    describe("bad input", () => badInputTests(harness));
    describe("exact round trips", () => exactRoundTripTests(harness, runs * 4));
    describe("properties", () => concurrencyProperties(harness, runs));
    describe("hash chain", () => hashChainTests(harness, reportsAppendedEvents, runs));
    describe("recorded appends", () =>
      appendRecordedTests(harness, factory, { uniqueEventIds, reportsAppendedEvents }));
    describe("imported chunks", () =>
      importRecordedTests(harness, { uniqueEventIds, reportsAppendedEvents }, runs));
    describe("close", () => closeTests(factory));
    if (options.corruptRows === false)
      describe.skip("corrupt rows — skipped: this adapter's storage cannot be edited by a test", () => {
        it("reports a corrupt stored event", () => {});
      });
    else describe("corrupt rows", () => corruptRowTests(factory));
  });
}
