import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { propertyRuns } from "@iop/store-testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTarget, type Target } from "./adapters.js";
import { fuzzStore } from "./fuzz-store.js";

const runs = propertyRuns(100);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "iop-fuzz-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("fuzzStore", () => {
  it.each([["memory"], ["sqlite"]] as const)(
    `${runs} hostile appends and ${runs} hostile commands on %s: none crashes, is untyped, changed or partial`,
    async (adapter) => {
      const target: Target = adapter === "memory" ? { adapter } : { adapter, path: join(dir, "fuzz.db") };
      const store = await openTarget(target);
      try {
        const tally = await fuzzStore(adapter, store, { runs, seed: 324_000 });
        expect(tally.examples).toEqual([]);
        expect(tally).toMatchObject({ inputs: 2 * runs, crashes: 0, untyped: 0, changed: 0, partial: 0 });
        // Both outcomes are seen: the inputs reach the store, and the store refuses what it must.
        expect(tally.acknowledged).toBeGreaterThan(0);
        expect(tally.refusals.INVALID_STORE_INPUT).toBeGreaterThan(0);
        expect(tally.refusals.INVALID_COMMAND).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    },
    120_000,
  );

  it("counts a store that stops working as a crash, and stops there", async () => {
    const store = await openTarget({ adapter: "memory" });
    await store.close();
    const tally = await fuzzStore("memory", store, { runs: 50, seed: 1 });
    expect(tally).toMatchObject({ inputs: 1, crashes: 1 });
    expect(tally.examples[0]).toMatchObject({ phase: "append", run: 0, verdict: "crash" });
    expect(tally.examples[0]?.detail).toMatch(/closed/);
  });
});
