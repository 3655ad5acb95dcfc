import { describe, expect, it } from "vitest";
import { decodeMetadata, encodeMetadata } from "./envelope.js";

const chain = {
  recordedAt: "2022-03-24T20:00:00.000Z",
  previousHash: "0".repeat(64),
  hash: "9f".repeat(32),
};

/** What a client reads back of written metadata: JSON, parsed again. */
function throughTheServer(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe("event metadata in EventStoreDB", () => {
  it("keeps schemaVersion and the chain fields next to the caller's metadata, apart from it", () => {
    const meta = {
      actor: "Åsa Öberg",
      schemaVersion: "the caller's own",
      hash: "the caller's too",
      warnings: [],
    };
    const encoded = encodeMetadata({ schemaVersion: 3, metadataJson: JSON.stringify(meta), ...chain });
    expect(encoded).toEqual({ schemaVersion: 3, meta, ...chain });
    expect(decodeMetadata(throughTheServer(encoded))).toEqual({ schemaVersion: 3, metadata: meta, chain });
  });

  it("copies string correlation and causation ids under EventStoreDB's names, and reads them back out", () => {
    const meta = { correlationId: "corr-1", causationId: "cmd-9" };
    const encoded = encodeMetadata({ schemaVersion: 1, metadataJson: JSON.stringify(meta), ...chain });
    expect(encoded).toMatchObject({ $correlationId: "corr-1", $causationId: "cmd-9" });
    expect(decodeMetadata(encoded)?.metadata).toEqual(meta);
    const odd = encodeMetadata({
      schemaVersion: 1,
      metadataJson: JSON.stringify({ correlationId: 7 }),
      ...chain,
    });
    expect(odd).not.toHaveProperty("$correlationId");
  });

  it("reads an envelope of the adapter before the hash chain as ours, without chain fields", () => {
    const legacy = { schemaVersion: 2, meta: { actor: "case-officer" }, $correlationId: "c" };
    expect(decodeMetadata(legacy)).toEqual({
      schemaVersion: 2,
      metadata: { actor: "case-officer" },
      chain: undefined,
    });
  });

  it.each([
    ["a missing hash", { recordedAt: chain.recordedAt, previousHash: chain.previousHash }, "hash"],
    ["a numeric previous hash", { ...chain, previousHash: 0 }, "previousHash"],
    ["a null record time", { ...chain, recordedAt: null }, "recordedAt"],
  ] as const)("passes on %s as empty, for the core to report", (_label, fields, field) => {
    const decoded = decodeMetadata({ schemaVersion: 1, meta: {}, ...fields });
    expect(decoded?.chain).toEqual({ ...chain, [field]: "" });
  });

  it.each([
    ["no metadata", undefined],
    ["binary metadata", new Uint8Array([1, 2])],
    ["an array", [1]],
    ["another application's metadata", { $correlationId: "x", user: "y" }],
    ["no meta", { schemaVersion: 1, ...chain }],
    ["a zero schema version", { schemaVersion: 0, meta: {}, ...chain }],
    ["a string schema version", { schemaVersion: "1", meta: {}, ...chain }],
    ["meta that is not an object", { schemaVersion: 1, meta: [], ...chain }],
  ])("recognises %s as not written by this adapter", (_label, raw) => {
    expect(decodeMetadata(raw)).toBeUndefined();
  });
});
