import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import type { IopStore } from "@iop/core";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { exportCommand } from "./export.js";

/** A pipe whose reader has stopped reading until `release` is called. */
function stalledPipe() {
  const received: string[] = [];
  let resume: (() => void) | undefined;
  let stalled = true;
  const sink = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      received.push(chunk.toString("utf8"));
      if (stalled) resume = done;
      else done();
    },
  });
  const release = () => {
    stalled = false;
    resume?.();
  };
  return { sink, received, release };
}

describe("export", () => {
  it("reads no further ahead than it could write: a stalled reader stalls the export", async () => {
    const store = createMemoryStore();
    for (let i = 0; i < 30; i++)
      await store.append(
        `agreement-${i}`,
        Array.from({ length: 200 }, (_, n) => ({ type: "PeriodReported", schemaVersion: 1, data: { n } })),
        { expectedVersion: "no-stream" },
      );
    let reads = 0;
    const counted: Pick<IopStore, "readAll"> = {
      readAll: (options) => {
        reads += 1;
        return store.readAll(options);
      },
    };
    const { sink, received, release } = stalledPipe();
    const lines: string[] = [];
    const done = exportCommand(counted, undefined, {
      out: (l) => lines.push(l),
      err: () => undefined,
      stream: sink,
    });
    await sleep(200);
    // 6 000 events are 6 pages; with the reader stalled, one page was written and at most one more read.
    expect(reads).toBeLessThanOrEqual(2);
    release();
    expect(await done).toBe(0);
    const text = received.join("");
    expect(text.split("\n").filter((l) => l !== "")).toHaveLength(6001);
    expect(text).toMatch(/\{"trailer":\{"format":"iop-export\/1","count":6000,/);
  });
});
