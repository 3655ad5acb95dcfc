import { husbyHistory, record } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { beforeAll, describe, expect, it } from "vitest";
import { AgreementCommandHandler } from "../command-handler.js";
import type { StoredEvent } from "../store/envelope.js";
import type { EventStore } from "../store/event-store.js";
import { generateCheckpointKeys, signCheckpoint } from "./checkpoint.js";
import { consistencyProof, leafHash } from "./merkle.js";
import { checkProof, type InclusionProofDocument, proveConsistency, proveInclusion } from "./proofs.js";
import { verifyStore } from "./verify-store.js";

const keys = generateCheckpointKeys("revisionen.stockholm.se/husby");
const other = generateCheckpointKeys("revisionen.stockholm.se/husby");

/** The store's first `size` events, as a store of their own: the log as it stood earlier. */
const prefix = (events: readonly StoredEvent[], size: number): Pick<EventStore, "readAll"> => ({
  readAll: async ({ after = 0, limit = 1000 } = {}) =>
    events
      .filter((e) => e.globalPosition > after)
      .slice(0, limit)
      .filter((e) => events.indexOf(e) < size),
});

const checkpointOf = async (store: Pick<EventStore, "readAll">, signerKey = keys.signerKey) => {
  const { size, rootHash } = await verifyStore(store);
  return signCheckpoint(
    { origin: "revisionen.stockholm.se/husby", size, rootHash: Buffer.from(rootHash, "hex") },
    signerKey,
  );
};

let events: StoredEvent[];
let store: Pick<EventStore, "readAll">;
let latest: string;

beforeAll(async () => {
  const memory = createMemoryStore();
  await record(new AgreementCommandHandler({ store: memory }), husbyHistory);
  events = await memory.readAll({ limit: 10_000 });
  store = memory;
  latest = await checkpointOf(store);
});

describe("inclusion proofs", () => {
  let proof: InclusionProofDocument;
  beforeAll(async () => {
    proof = await proveInclusion(store, latest, keys.verifierKey, (events[7] as StoredEvent).eventId);
  });

  it("prove that an event is in the signed tree, checked without the store", () => {
    const checked = checkProof(JSON.parse(JSON.stringify(proof)), keys.verifierKey);
    expect(checked).toMatchObject({
      kind: "inclusion",
      leafIndex: 7,
      event: { eventId: events[7]?.eventId },
    });
  });

  it("are refused when the event in them was changed, even with its hash recomputed", () => {
    const edited = {
      ...proof,
      event: { ...proof.event, data: { ...(proof.event.data as object), grantedKronor: 1 } },
    };
    expect(() => checkProof(edited, keys.verifierKey)).toThrow(/not what its hash was taken over/);
    const moved = { ...proof, leafIndex: 6 };
    expect(() => checkProof(moved, keys.verifierKey)).toThrow(/does not lead/);
    const forged = { ...proof, path: [leafHash(Buffer.alloc(32)).toString("hex"), ...proof.path.slice(1)] };
    expect(() => checkProof(forged, keys.verifierKey)).toThrow(/does not lead/);
  });

  it("are refused with a checkpoint whose root was forged or that another key signed", async () => {
    const [origin, size, root, blank, signature] = latest.split("\n");
    const flipped = `${root?.[0] === "A" ? "B" : "A"}${root?.slice(1)}`;
    const forgedRoot = [origin, size, flipped, blank, signature, ""].join("\n");
    expect(() => checkProof({ ...proof, checkpoint: forgedRoot }, keys.verifierKey)).toThrow(/not signed by/);
    const foreign = await checkpointOf(store, other.signerKey);
    expect(() => checkProof({ ...proof, checkpoint: foreign }, keys.verifierKey)).toThrow(/not signed by/);
  });

  it("cannot be made for an event the checkpoint does not cover, or from a store that differs", async () => {
    const early = await checkpointOf(prefix(events, 5));
    await expect(
      proveInclusion(store, early, keys.verifierKey, (events[7] as StoredEvent).eventId),
    ).rejects.toThrow(/no event/);
    const rewritten = events.map((e, i) => (i === 2 ? { ...e, hash: "f".repeat(64) } : e));
    await expect(
      proveInclusion(
        prefix(rewritten, events.length),
        latest,
        keys.verifierKey,
        (events[7] as StoredEvent).eventId,
      ),
    ).rejects.toThrow(/do not give the checkpoint's root/);
  });
});

describe("consistency proofs", () => {
  it("prove that an earlier checkpoint's tree is a prefix of a later one's", async () => {
    const early = await checkpointOf(prefix(events, 5));
    const proof = await proveConsistency(store, early, latest, keys.verifierKey);
    expect(checkProof(proof, keys.verifierKey)).toMatchObject({ kind: "consistency", from: { size: 5 } });
  });

  it("refuse history rewritten between the checkpoints, and forged paths", async () => {
    const early = await checkpointOf(prefix(events, 5));
    // A rewritten log: event 3 replaced, then a new checkpoint signed over it.
    const rewritten = events.map((e, i) => (i === 2 ? { ...e, hash: "e".repeat(64) } : e));
    const rewrittenStore = prefix(rewritten, events.length);
    const later = await checkpointOf(rewrittenStore);
    const leaves = rewritten.map((e) => leafHash(Buffer.from(e.hash, "hex")));
    const path = consistencyProof(leaves, 5).map((h) => h.toString("hex"));
    const proof = { format: "iop-consistency-proof/1", from: early, to: later, path };
    expect(() => checkProof(proof, keys.verifierKey)).toThrow(/not a prefix/);
    const honest = await proveConsistency(store, early, latest, keys.verifierKey);
    expect(() => checkProof({ ...honest, path: [...honest.path].reverse() }, keys.verifierKey)).toThrow(
      /not a prefix/,
    );
    await expect(proveConsistency(store, latest, early, keys.verifierKey)).rejects.toThrow(/newer than/);
  });

  it("refuse documents that are not proofs, naming what is wrong", () => {
    expect(() => checkProof(null, keys.verifierKey)).toThrow(/not a proof/);
    expect(() => checkProof({ format: "x" }, keys.verifierKey)).toThrow(/format must be/);
  });
});
