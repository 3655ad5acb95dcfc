import { IntegrityError } from "../errors/integrity-errors.js";
import type { StoredEvent } from "../store/envelope.js";
import type { EventStore } from "../store/event-store.js";
import { readAllPages } from "../store/read-pages.js";
import { type Checkpoint, verifyCheckpoint } from "./checkpoint.js";
import { eventHash, isHash } from "./event-hash.js";
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from "./merkle.js";

/**
 * A proof that one event is in the tree a checkpoint signed: the checkpoint, the whole event
 * (so its hash is recomputed from its content, not taken on trust), its index in global order
 * and the audit path. Everything needed to check it without the store.
 */
export interface InclusionProofDocument {
  readonly format: "iop-inclusion-proof/1";
  /** The signed checkpoint, as `iop checkpoint` wrote it. */
  readonly checkpoint: string;
  readonly event: StoredEvent;
  /** 0-based index of the event among the store's events in global order. */
  readonly leafIndex: number;
  /** The audit path, hex, leaf side first (RFC 6962 §2.1.1). */
  readonly path: readonly string[];
}

/** A proof that the tree of an older checkpoint is a prefix of a newer one's: nothing was rewritten between. */
export interface ConsistencyProofDocument {
  readonly format: "iop-consistency-proof/1";
  readonly from: string;
  readonly to: string;
  /** The consistency path, hex (RFC 6962 §2.1.2). */
  readonly path: readonly string[];
}

export type ProofDocument = InclusionProofDocument | ConsistencyProofDocument;

/** What a checked proof showed. */
export type CheckedProof =
  | {
      readonly kind: "inclusion";
      readonly checkpoint: Checkpoint;
      readonly event: StoredEvent;
      readonly leafIndex: number;
    }
  | { readonly kind: "consistency"; readonly from: Checkpoint; readonly to: Checkpoint };

function fail(reason: string): never {
  throw new IntegrityError(reason);
}

/**
 * The leaf hashes of the store's first `size` events, in global order, each event also handed to
 * `visit`; checked against the checkpoint's root. 32 bytes an event: a million events hold 32 MB.
 * @throws {IntegrityError} when the store holds fewer events or another tree.
 */
async function checkpointLeaves(
  store: Pick<EventStore, "readAll">,
  checkpoint: Checkpoint,
  visit: (event: StoredEvent, index: number) => void = () => undefined,
): Promise<Buffer[]> {
  const leaves: Buffer[] = [];
  read: for await (const page of readAllPages(store))
    for (const event of page) {
      if (leaves.length === checkpoint.size) break read;
      visit(event, leaves.length);
      leaves.push(leafHash(Buffer.from(event.hash, "hex")));
    }
  if (leaves.length < checkpoint.size)
    fail(`the store holds ${leaves.length} events, the checkpoint ${checkpoint.size}: events were removed`);
  if (!rootOf(leaves).equals(checkpoint.rootHash))
    fail(`the store's first ${checkpoint.size} events do not give the checkpoint's root: run iop verify`);
  return leaves;
}

const hex = (hashes: readonly Buffer[]) => hashes.map((h) => h.toString("hex"));

/**
 * Proves that the event `eventId` is in the tree `checkpointNote` signed.
 * @throws {IntegrityError} when the checkpoint is not signed by `verifierKey`, the store does not
 *   match it, or the event is not among its events.
 */
export async function proveInclusion(
  store: Pick<EventStore, "readAll">,
  checkpointNote: string,
  verifierKey: string,
  eventId: string,
): Promise<InclusionProofDocument> {
  const checkpoint = verifyCheckpoint(checkpointNote, verifierKey);
  let found: { event: StoredEvent; index: number } | undefined;
  const leaves = await checkpointLeaves(store, checkpoint, (event, index) => {
    if (event.eventId === eventId) found = { event, index };
  });
  if (found === undefined)
    fail(`no event ${eventId} among the ${checkpoint.size} events the checkpoint covers`);
  return {
    format: "iop-inclusion-proof/1",
    checkpoint: checkpointNote,
    event: found.event,
    leafIndex: found.index,
    path: hex(inclusionProof(leaves, found.index)),
  };
}

/**
 * Proves that the tree of `fromNote` is a prefix of the tree of `toNote`, both signed by
 * `verifierKey`, from the store's events.
 * @throws {IntegrityError} when a checkpoint is not signed by the key, `from` is larger than
 *   `to`, or the store does not match `to`.
 */
export async function proveConsistency(
  store: Pick<EventStore, "readAll">,
  fromNote: string,
  toNote: string,
  verifierKey: string,
): Promise<ConsistencyProofDocument> {
  const from = verifyCheckpoint(fromNote, verifierKey);
  const to = verifyCheckpoint(toNote, verifierKey);
  if (from.size > to.size)
    fail(`the first checkpoint (${from.size} events) is newer than the second (${to.size})`);
  const leaves = await checkpointLeaves(store, to);
  return {
    format: "iop-consistency-proof/1",
    from: fromNote,
    to: toNote,
    path: hex(consistencyProof(leaves, from.size)),
  };
}

function hashes(path: unknown): Buffer[] {
  if (!Array.isArray(path) || path.some((h) => !isHash(h)))
    fail("the proof's path must be a list of 64-digit hex hashes");
  return path.map((h: string) => Buffer.from(h, "hex"));
}

/**
 * Checks a proof document with nothing but the verifier key: the checkpoints' signatures, the
 * event's hash recomputed from its content, and the Merkle path. The store is not needed.
 * @throws {IntegrityError} saying what does not hold: a forged proof, root, event or signature.
 */
export function checkProof(document: unknown, verifierKey: string): CheckedProof {
  if (typeof document !== "object" || document === null) fail("not a proof: expected a JSON object");
  const proof = document as Partial<Record<string, unknown>>;
  if (proof.format === "iop-inclusion-proof/1") {
    if (typeof proof.checkpoint !== "string") fail("the proof has no checkpoint");
    const checkpoint = verifyCheckpoint(proof.checkpoint, verifierKey);
    const event = proof.event as StoredEvent | undefined;
    if (typeof event !== "object" || event === null || !isHash(event.hash))
      fail("the proof has no event with a hash");
    if (eventHash(event, event.previousHash) !== event.hash)
      fail(
        `the event ${event.streamId}@${event.streamVersion} in the proof is not what its hash was taken over`,
      );
    const leafIndex = proof.leafIndex;
    if (typeof leafIndex !== "number") fail("the proof has no leafIndex");
    const leaf = leafHash(Buffer.from(event.hash, "hex"));
    if (!verifyInclusion(leaf, leafIndex, checkpoint.size, hashes(proof.path), checkpoint.rootHash))
      fail(
        `the path does not lead from event ${leafIndex + 1} to the checkpoint's root: the proof or the checkpoint is forged`,
      );
    return { kind: "inclusion", checkpoint, event, leafIndex };
  }
  if (proof.format === "iop-consistency-proof/1") {
    if (typeof proof.from !== "string" || typeof proof.to !== "string")
      fail("the proof needs from and to checkpoints");
    const from = verifyCheckpoint(proof.from, verifierKey);
    const to = verifyCheckpoint(proof.to, verifierKey);
    if (from.origin !== to.origin) fail(`the checkpoints are of two logs: ${from.origin} and ${to.origin}`);
    if (!verifyConsistency(from.size, to.size, from.rootHash, to.rootHash, hashes(proof.path)))
      fail(
        `the tree of ${from.size} events is not a prefix of the tree of ${to.size}: history was rewritten between the checkpoints, or the proof is forged`,
      );
    return { kind: "consistency", from, to };
  }
  return fail(
    "not a proof this version knows: format must be iop-inclusion-proof/1 or iop-consistency-proof/1",
  );
}
