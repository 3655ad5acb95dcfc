import { canonicalJson } from "@iop/core";
import { createMemoryStore, InMemoryProjectionStore } from "@iop/store-memory";
import { beforeAll, describe, expect, it } from "vitest";
import { factLogProjection } from "./built-in/fact-log-projection.js";
import { readFunding } from "./built-in/funding.js";
import { readRegister } from "./built-in/register.js";
import { type CatchUpProgress, catchUp } from "./durable-runner.js";
import { runLive } from "./run-live.js";
import { appendLargeHistory } from "./test-support/generate.js";

const EVENTS = 50_000;

describe(`a rebuild over ${EVENTS.toLocaleString("en")} generated events`, () => {
  const events = createMemoryStore({ clock: () => new Date("2024-06-01T12:00:00Z") });
  const v1 = factLogProjection("large-register", 1, "all");
  const v2 = factLogProjection("large-register", 2, "all");

  beforeAll(async () => {
    // Agreements of 2–14 events each, appended one agreement per batch.
    expect(await appendLargeHistory(events, EVENTS)).toBe(EVENTS);
  }, 120_000);

  it("reports progress, stops on an AbortSignal and resumes to the same result", {
    timeout: 120_000,
  }, async () => {
    // A state of version 1 is stored, up to date: version 2 must rebuild from zero.
    const saved = new InMemoryProjectionStore();
    await saved.save({ name: v1.name, version: 1, checkpoint: EVENTS, state: {} }, null);

    const controller = new AbortController();
    const progress: CatchUpProgress[] = [];
    const interrupted = await catchUp(
      v2,
      { events, projections: saved },
      {
        batchSize: 5000,
        signal: controller.signal,
        onProgress: (p) => {
          progress.push(p);
          if (progress.length === 2) controller.abort();
        },
      },
    );
    expect(interrupted).toMatchObject({
      interrupted: true,
      rebuilt: true,
      checkpoint: 10_000,
      count: 10_000,
    });
    expect(progress.map((p) => [p.projection, p.position, p.count, p.rebuilding])).toEqual([
      [v2.name, 5000, 5000, true],
      [v2.name, 10_000, 10_000, true],
    ]);
    // What was done is saved, at the new version.
    expect(await saved.load(v2.name)).toMatchObject({ version: 2, checkpoint: 10_000 });

    // Resumed: it goes on from 10 000, not from zero.
    const resumed: number[] = [];
    const done = await catchUp(
      v2,
      { events, projections: saved },
      {
        batchSize: 20_000,
        onProgress: (p) => resumed.push(p.position),
      },
    );
    expect(done).toMatchObject({
      interrupted: false,
      rebuilt: false,
      checkpoint: EVENTS,
      count: EVENTS - 10_000,
    });
    expect(resumed).toEqual([30_000, 50_000]);

    // The same result as one uninterrupted fold.
    const live = await runLive(v2, events);
    // (Compared as canonical JSON — a saved state comes back with sorted keys, and a deep
    // toEqual of 12 000 rows is slow.)
    const expected = canonicalJson(live);
    expect(canonicalJson(done.state)).toBe(expected);
    expect(canonicalJson((await saved.load(v2.name))?.state)).toBe(expected);
    expect(readRegister(done.state, { asOf: "2012-06-30" }).length).toBeGreaterThan(1000);
    expect(readFunding(done.state).total).toBe(readFunding(live).total);
  });

  it("an aborted signal stops before the first batch and saves nothing", async () => {
    const saved = new InMemoryProjectionStore();
    const result = await catchUp(v1, { events, projections: saved }, { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ interrupted: true, count: 0, checkpoint: 0 });
    expect(await saved.load(v1.name)).toBeUndefined();
  });
});
