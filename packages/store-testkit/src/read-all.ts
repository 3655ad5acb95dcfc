import { DEFAULT_READ_ALL_LIMIT, type StoredEvent } from "@iop/core";
import { expect, it } from "vitest";
import type { EventStoreHarness } from "./harness.js";
import { readEverything } from "./read-everything.js";
import { sampleEvents, uniqueStreamId } from "./sample-events.js";

/** Reads the whole store in pages of `pageSize`, resuming after the last position seen. */
export async function readAllInPages(
  harness: EventStoreHarness,
  pageSize: number,
  after = 0,
): Promise<StoredEvent[]> {
  const seen: StoredEvent[] = [];
  let checkpoint = after;
  for (;;) {
    const page = await harness.store.readAll({ after: checkpoint, limit: pageSize });
    if (page.length === 0) return seen;
    expect(page.length).toBeLessThanOrEqual(pageSize);
    seen.push(...page);
    checkpoint = page.at(-1)?.globalPosition ?? checkpoint;
  }
}

/** Read-all: global order and resuming from any position. */
export function readAllTests(harness: () => EventStoreHarness): void {
  it("returns every event once, in strictly increasing global position", async () => {
    const h = harness();
    const a = uniqueStreamId("all-a");
    const b = uniqueStreamId("all-b");
    await h.store.append(a, sampleEvents(3), { expectedVersion: "no-stream" });
    await h.store.append(b, sampleEvents(2), { expectedVersion: "no-stream" });
    await h.store.append(a, sampleEvents(1), { expectedVersion: 3 });
    const all = await readEverything(h.store);
    for (let i = 1; i < all.length; i++)
      expect(all[i]?.globalPosition).toBeGreaterThan(all[i - 1]?.globalPosition ?? 0);
    const ours = all.filter((e) => e.streamId === a || e.streamId === b);
    expect(ours.map((e) => `${e.streamId === a ? "a" : "b"}${e.streamVersion}`)).toEqual([
      "a1",
      "a2",
      "a3",
      "b1",
      "b2",
      "a4",
    ]);
  });

  it("resumes after any position without skipping or repeating", async () => {
    const h = harness();
    const id = uniqueStreamId("all-resume");
    await h.store.append(id, sampleEvents(7), { expectedVersion: "no-stream" });
    const all = await readEverything(h.store);
    for (const pageSize of [1, 2, 5, 1000]) {
      const paged = await readAllInPages(h, pageSize);
      expect(paged.map((e) => e.globalPosition)).toEqual(all.map((e) => e.globalPosition));
    }
    const middle = all[Math.floor(all.length / 2)]?.globalPosition ?? 0;
    const rest = await h.store.readAll({ after: middle });
    expect(rest.map((e) => e.globalPosition)).toEqual(
      all.filter((e) => e.globalPosition > middle).map((e) => e.globalPosition),
    );
    const last = all.at(-1)?.globalPosition ?? 0;
    expect(await h.store.readAll({ after: last })).toEqual([]);
  });

  it(`reads a page of ${DEFAULT_READ_ALL_LIMIT} events when no limit is given, never the whole store`, async () => {
    const h = harness();
    const id = uniqueStreamId("all-default-limit");
    await h.store.append(id, sampleEvents(DEFAULT_READ_ALL_LIMIT + 5), { expectedVersion: "no-stream" });
    const events = await h.store.readStream(id, { limit: 1 });
    const first = events[0]?.globalPosition ?? 1;
    const page = await h.store.readAll({ after: first - 1 });
    expect(page).toHaveLength(DEFAULT_READ_ALL_LIMIT);
    expect(page[0]?.globalPosition).toBe(first);
  });

  it("read-all and read-stream return the same envelopes", async () => {
    const h = harness();
    const id = uniqueStreamId("all-same");
    await h.store.append(id, sampleEvents(3), { expectedVersion: "no-stream" });
    const fromAll = (await readEverything(h.store)).filter((e) => e.streamId === id);
    expect(fromAll).toEqual(await h.store.readStream(id));
  });
}
