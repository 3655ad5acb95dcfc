import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { FROZEN_EXPORT_V1 } from "@iop/fixtures";
import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../store/envelope.js";
import { formatCheckpoint, verifyCheckpoint } from "./checkpoint.js";
import { canonicalEnvelope, eventHash, GENESIS_HASH, type HashedEnvelope } from "./event-hash.js";
import { leafHash, rootOf } from "./merkle.js";
import { checkProof } from "./proofs.js";

// docs/integrity.md shows a worked example that systems outside the project recompute. Its
// blocks are fenced as ```<lang> id=<name>; this test holds them to the code and to the frozen
// history they are taken from, so the document cannot go stale.

const doc = readFileSync(new URL("../../../../docs/integrity.md", import.meta.url), "utf8");

/** The fenced blocks of the document that carry an `id`, by id. */
const blocks = new Map(
  [...doc.matchAll(/^```\w+ id=([\w-]+)\n([\s\S]*?)\n```$/gm)].map(([, id, body]) => [id, body]),
);

function block(id: string): string {
  const body = blocks.get(id);
  if (body === undefined) throw new Error(`docs/integrity.md has no block id=${id}`);
  return body;
}

/** A signed checkpoint as its block shows it, with the newline the block's fence ends. */
const note = (id: string) => `${block(id)}\n`;

const frozenLines = readFileSync(FROZEN_EXPORT_V1, "utf8").trimEnd().split("\n");
const frozen = frozenLines.slice(0, -1).map((line) => JSON.parse(line) as StoredEvent);
const trailer = (JSON.parse(frozenLines.at(-1) as string) as { trailer: { rootHash: string } }).trailer;
const frozenLeaves = frozen.map((event) => leafHash(Buffer.from(event.hash, "hex")));

const envelope = JSON.parse(block("example-envelope")) as HashedEnvelope & { previousHash: string };
const { previousHash, ...hashed } = envelope;
const canonical = block("example-canonical");
const hash = block("example-hash");
const verifierKey = block("example-verifier-key");

describe("the worked example of docs/integrity.md", () => {
  it("shows the nine keys of the envelope, and its canonical text is canonicalEnvelope's", () => {
    expect(Object.keys(envelope).sort()).toEqual([
      "data",
      "eventId",
      "metadata",
      "previousHash",
      "recordedAt",
      "schemaVersion",
      "streamId",
      "streamVersion",
      "type",
    ]);
    expect(previousHash).toBe(GENESIS_HASH);
    expect(canonicalEnvelope(hashed, previousHash)).toBe(canonical);
    expect(JSON.parse(canonical)).toEqual(envelope);
  });

  it("gives the hash shown: eventHash, and SHA-256 of the canonical text's UTF-8 as any tool takes it", () => {
    expect(eventHash(hashed, previousHash)).toBe(hash);
    expect(createHash("sha256").update(Buffer.from(canonical, "utf8")).digest("hex")).toBe(hash);
  });

  it("recomputes in the shell and Python recipes with the text and hash shown", () => {
    expect(block("example-printf")).toBe(`printf '%s' '${canonical}' | sha256sum`);
    expect(canonical).not.toContain("'");
    expect(block("example-python").trimEnd().endsWith(`# ${hash}`)).toBe(true);
  });

  it("is the frozen history's Husby 2022 application, and the next event chains onto its hash", () => {
    const stored = frozen.find((event) => event.eventId === envelope.eventId);
    expect(stored).toMatchObject({ ...envelope, hash });
    const next = JSON.parse(block("example-next")) as Partial<StoredEvent>;
    expect(next.previousHash).toBe(hash);
    const following = frozen.find((event) => event.eventId === next.eventId) as StoredEvent;
    expect(following).toMatchObject({ ...next, streamId: envelope.streamId, streamVersion: 2 });
    expect(eventHash(following, following.previousHash)).toBe(next.hash);
  });

  it("shows its leaf hash and the frozen history's root, as the export's trailer carries it", () => {
    expect(leafHash(Buffer.from(hash, "hex")).toString("hex")).toBe(block("example-leaf"));
    expect(frozenLeaves[9]?.toString("hex")).toBe(block("example-leaf"));
    expect(rootOf(frozenLeaves).toString("hex")).toBe(block("example-root"));
    expect(block("example-root")).toBe(trailer.rootHash);
    expect(block("example-trailer")).toBe(frozenLines.at(-1));
  });

  it("shows checkpoints signed by the verifier key shown, over the frozen history's first 22 and all 33 events", () => {
    for (const [id, size] of [
      ["example-checkpoint-22", 22],
      ["example-checkpoint-33", 33],
    ] as const) {
      const checkpoint = verifyCheckpoint(note(id), verifierKey);
      expect(checkpoint).toMatchObject({ origin: "stadsrevisionen.example/iop", size });
      expect(checkpoint.rootHash.equals(rootOf(frozenLeaves.slice(0, size)))).toBe(true);
      expect(note(id).startsWith(`${formatCheckpoint(checkpoint)}\n— `)).toBe(true);
    }
  });

  it("shows an inclusion proof of the example and a consistency proof between the checkpoints that hold", () => {
    const inclusion = JSON.parse(block("example-inclusion-proof")) as { checkpoint: string };
    expect(inclusion.checkpoint).toBe(note("example-checkpoint-33"));
    expect(checkProof(inclusion, verifierKey)).toMatchObject({
      kind: "inclusion",
      leafIndex: 9,
      event: { ...envelope, hash },
    });
    const consistency = JSON.parse(block("example-consistency-proof")) as { from: string; to: string };
    expect([consistency.from, consistency.to]).toEqual([
      note("example-checkpoint-22"),
      note("example-checkpoint-33"),
    ]);
    expect(checkProof(consistency, verifierKey)).toMatchObject({
      kind: "consistency",
      from: { size: 22 },
      to: { size: 33 },
    });
  });
});
