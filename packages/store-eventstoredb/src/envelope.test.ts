import { describe, expect, it } from "vitest";
import { decodeMetadata, encodeMetadata } from "./envelope.js";

describe("event metadata in EventStoreDB", () => {
  it("keeps schemaVersion next to the caller's metadata, apart from it", () => {
    const meta = { actor: "Åsa Öberg", schemaVersion: "the caller's own", warnings: [] };
    const encoded = encodeMetadata({ schemaVersion: 3, metadataJson: JSON.stringify(meta) });
    expect(encoded).toEqual({ schemaVersion: 3, meta });
    expect(decodeMetadata(JSON.parse(JSON.stringify(encoded)))).toEqual({ schemaVersion: 3, metadata: meta });
  });

  it("copies string correlation and causation ids under EventStoreDB's names, and reads them back out", () => {
    const meta = { correlationId: "corr-1", causationId: "cmd-9" };
    const encoded = encodeMetadata({ schemaVersion: 1, metadataJson: JSON.stringify(meta) });
    expect(encoded).toMatchObject({ $correlationId: "corr-1", $causationId: "cmd-9" });
    expect(decodeMetadata(encoded)?.metadata).toEqual(meta);
    const odd = encodeMetadata({ schemaVersion: 1, metadataJson: JSON.stringify({ correlationId: 7 }) });
    expect(odd).not.toHaveProperty("$correlationId");
  });

  it.each([
    ["no metadata", undefined],
    ["binary metadata", new Uint8Array([1, 2])],
    ["an array", [1]],
    ["another application's metadata", { $correlationId: "x", user: "y" }],
    ["no meta", { schemaVersion: 1 }],
    ["a zero schema version", { schemaVersion: 0, meta: {} }],
    ["a string schema version", { schemaVersion: "1", meta: {} }],
    ["meta that is not an object", { schemaVersion: 1, meta: [] }],
  ])("recognises %s as not written by this adapter", (_label, raw) => {
    expect(decodeMetadata(raw)).toBeUndefined();
  });
});
