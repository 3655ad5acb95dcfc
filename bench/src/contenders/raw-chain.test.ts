import { eventHash, GENESIS_HASH } from "@iop/core";
import { describe, expect, it } from "vitest";
import { eventOf } from "../data.js";
import { RawChain } from "./raw-chain.js";

const AT = "2026-12-03T10:00:00.000Z";

describe("the raw driver's hash chain", () => {
  it("seals batches onto the stream's head: each hash is its envelope's, chained from the genesis", () => {
    const chain = new RawChain();
    const first = chain.seal("s", [eventOf(0, 1), eventOf(0, 2)], 0, AT);
    const second = chain.seal("s", [eventOf(0, 3)], 2, AT);
    const sealed = [...first, ...second];
    expect(sealed.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expect(sealed.map((e) => e.previousHash)).toEqual([GENESIS_HASH, sealed[0]?.hash, sealed[1]?.hash]);
    for (const e of sealed) {
      const envelope = {
        ...e,
        streamId: "s",
        data: JSON.parse(e.dataJson) as unknown,
        metadata: JSON.parse(e.metadataJson) as unknown,
      };
      // The core's own hash of the envelope: the raw rows would verify as ours do.
      expect(eventHash(envelope, e.previousHash)).toBe(e.hash);
    }
  });

  it("keeps each stream's head apart and refuses an append at another version", () => {
    const chain = new RawChain();
    chain.seal("a", [eventOf(0, 1)], 0, AT);
    expect(chain.seal("b", [eventOf(1, 1)], 0, AT)[0]?.previousHash).toBe(GENESIS_HASH);
    expect(() => chain.seal("a", [eventOf(0, 2)], 0, AT)).toThrow(/a is at 1, not at 0/);
  });
});
