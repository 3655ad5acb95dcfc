import { describe, expect, it } from "vitest";
import type { EsdbRead, EsdbResolvedEvent } from "./client.js";
import { drain } from "./streaming-read.js";

/** A read of `count` entries, recording whether it was cancelled and whether its loop was left. */
function read(count: number, failAt?: number) {
  const seen = { cancelled: false, finished: false };
  async function* entries(): AsyncGenerator<EsdbResolvedEvent> {
    try {
      for (let i = 0; i < count; i++) {
        if (i === failAt) throw new Error("connection lost");
        yield { commitPosition: BigInt(i) };
      }
    } finally {
      seen.finished = true;
    }
  }
  const stream: EsdbRead = Object.assign(entries(), {
    cancel: async () => {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

describe("draining a read", () => {
  it("passes every entry on and does not cancel a read that ran to its end", async () => {
    const { stream, seen } = read(3);
    const got: bigint[] = [];
    await drain(stream, (e) => got.push(e.commitPosition ?? -1n) > 0);
    expect(got).toEqual([0n, 1n, 2n]);
    expect(seen).toEqual({ cancelled: false, finished: true });
  });

  it("stops when asked, ending the iterator and cancelling the call", async () => {
    const { stream, seen } = read(100);
    let n = 0;
    await drain(stream, () => ++n < 2);
    expect(n).toBe(2);
    expect(seen).toEqual({ cancelled: true, finished: true });
  });

  it("cancels a read that failed and passes the failure on", async () => {
    const { stream, seen } = read(5, 2);
    await expect(drain(stream, () => true)).rejects.toThrow("connection lost");
    expect(seen.cancelled).toBe(true);
  });

  it("works with a read that has no cancel (the KurrentDB client's iterator)", async () => {
    async function* two(): AsyncGenerator<EsdbResolvedEvent> {
      yield {};
      yield {};
    }
    let n = 0;
    await drain(two(), () => ++n < 1);
    expect(n).toBe(1);
  });
});
