import { agreementIdOfStream } from "../agreement-stream.js";
import { decodeEvent, type RecordedEvent } from "../codec.js";
import { hasErrorCode } from "../errors/error-codes.js";
import { evolve, fold } from "../evolve.js";
import { maskSealedValues } from "../personal/sealed-value.js";
import { type AgreementState, initialState } from "../state.js";
import type { StoredEvent } from "../store/envelope.js";
import type { EventStore } from "../store/event-store.js";
import { readAllPastCorrupt } from "../store/read-past-corrupt.js";
import { refusalOf } from "../verify-stream.js";
import type { Checkpoint } from "./checkpoint.js";
import { eventHash, GENESIS_HASH } from "./event-hash.js";
import { leafHash, MerkleRootBuilder } from "./merkle.js";

/**
 * What a finding says went wrong:
 * - `edited`: the event's content is not what its hash was taken over;
 * - `deleted`: events of the stream are missing (a gap, or later events renumbered down);
 * - `inserted`: a second event at a version the stream has already;
 * - `reordered`: the event comes before its predecessor in global order;
 * - `broken-chain`: its `previousHash` is not the hash of the event before it;
 * - `corrupt-row`: the row cannot be read at all;
 * - `undecodable`: the event is not one today's schemas (with upcasting) can read;
 * - `lifecycle`: the decider would not record it where it stands;
 * - `rule`: a rule of the chosen rule set refuses it as of its decision date;
 * - `checkpoint`: the store does not hold the tree a kept checkpoint signed.
 */
export type FindingKind =
  | "edited"
  | "deleted"
  | "inserted"
  | "reordered"
  | "broken-chain"
  | "corrupt-row"
  | "undecodable"
  | "lifecycle"
  | "rule"
  | "checkpoint";

/** One thing {@link verifyStore} found, with where it is. */
export interface VerifyFinding {
  readonly kind: FindingKind;
  /** The stream, version and position the finding is about, when it is about one event. */
  readonly streamId?: string;
  readonly streamVersion?: number;
  readonly globalPosition?: number;
  /** The error code behind a lifecycle or rule finding (`LIFECYCLE_VIOLATION`, a rule's code). */
  readonly code?: string;
  readonly message: string;
}

/** A problem a {@link VerifyOptions.checkEvent} hook found with one event. */
export interface EventProblem {
  readonly code: string;
  readonly message: string;
}

/** Options of {@link verifyStore}. */
export interface VerifyOptions {
  /**
   * A checkpoint kept outside the store, its signature already checked (`verifyCheckpoint`):
   * the store's first `size` events must give its root.
   */
  readonly checkpoint?: Checkpoint;
  /** Called with each finding as it is made (the report holds them too). */
  readonly onFinding?: (finding: VerifyFinding) => void;
  /** Called after every page with the events read so far: for a progress bar. */
  readonly onProgress?: (eventsRead: number) => void;
  /**
   * An extra check of each readable agreement event against the state before it — the rules,
   * for instance. The core knows no rules; `@iop/rules` provides such a hook.
   */
  readonly checkEvent?: (
    event: RecordedEvent,
    before: AgreementState,
  ) => readonly EventProblem[] | Promise<readonly EventProblem[]>;
}

/** What {@link verifyStore} read and found. */
export interface VerifyReport {
  /** Events read, corrupt rows included. */
  readonly events: number;
  readonly streams: number;
  /** Agreement streams among them (the ones re-decided). */
  readonly agreements: number;
  /** The size and root (hex) of the store's tree: what a new checkpoint would sign. */
  readonly size: number;
  readonly rootHash: string;
  readonly findings: readonly VerifyFinding[];
}

/** An event that came before its predecessor in global order, held until the predecessor comes. */
interface Early {
  readonly event: StoredEvent;
}

/** What verify keeps of one stream: constant size, whatever its length. */
interface StreamSoFar {
  version: number;
  /** The hash of the event at `version`; `undefined` after a corrupt row (its hash is unknown). */
  hash: string | undefined;
  /** Agreement state for re-deciding; `undefined` for other streams and once an event is unreadable. */
  state: AgreementState | undefined;
  /** The stream's last version when verify first met it, if the store could say. */
  last: number | undefined;
  /** True while `state` is let go: the stream's last event was checked; a later one rebuilds it. */
  released: boolean;
  /** Events seen ahead of a gap (rare: a reorder or a deletion), by version. */
  early: Map<number, Early> | undefined;
}

/** Versions a renumbered event is tried at to tell a deletion from an edit. */
const RENUMBER_DEPTH = 3;

/** The store verify reads: in global order, and, when it can, one stream (every `EventStore` can). */
export type VerifiedStore = Pick<EventStore, "readAll"> & Partial<Pick<EventStore, "readStream">>;

/**
 * Checks a whole store as an auditor would, reading it once in global order, a page at a time.
 * It holds no events: per stream its head, and per agreement the folded state it re-decides
 * against (which lists the agreement's report periods: some 70 bytes an agreement event, measured
 * in `pnpm bench --only=verify`). With `readStream`, it asks each agreement stream for its last
 * version when it first meets it and lets the state go once that event is checked, so it holds
 * the states of the agreements still open at a point of global order, not of all; an event
 * appended after that (during the check) has the state rebuilt from the stream. Every event's
 * hash must be its envelope's and chain onto the one before it, versions must run 1, 2, 3… in
 * global order, every agreement event must decode and be one the decider would record where it
 * stands, and — with a checkpoint — the store's first events must give the signed root. Corrupt
 * rows are findings; the read goes on.
 *
 * What no check inside a store can see: events appended after the newest checkpoint by someone
 * who can write to the database and knows the format. Checkpoints bound that window (see
 * `docs/integrity.md`).
 */
export async function verifyStore(given: VerifiedStore, options: VerifyOptions = {}): Promise<VerifyReport> {
  // A store that opens sealed names would show them as edits: the hashes cover the sealed bytes.
  const store = isPersonalDataStore(given) ? given.sealed : given;
  const findings: VerifyFinding[] = [];
  const report = (finding: VerifyFinding) => {
    findings.push(finding);
    options.onFinding?.(finding);
  };
  const streams = new Map<string, StreamSoFar>();
  const tree = new MerkleRootBuilder();
  const checkpoint = options.checkpoint;
  let checkpointRoot: Buffer | undefined = checkpoint?.size === 0 ? tree.root() : undefined;
  let treeBroken = false;
  let events = 0;

  const streamOf = (streamId: string): StreamSoFar => {
    let stream = streams.get(streamId);
    if (stream === undefined) {
      const agreement = agreementIdOfStream(streamId) !== undefined;
      stream = {
        version: 0,
        hash: GENESIS_HASH,
        state: agreement ? initialState : undefined,
        last: undefined,
        released: false,
        early: undefined,
      };
      streams.set(streamId, stream);
    }
    return stream;
  };

  const addLeaf = (hash: string | undefined) => {
    if (hash === undefined) treeBroken = true;
    else tree.addLeafHash(leafHash(Buffer.from(hash, "hex")));
    if (checkpoint !== undefined && events === checkpoint.size && !treeBroken) checkpointRoot = tree.root();
  };

  /** Checks one event that follows its stream's head; advances the head. */
  const follow = async (stream: StreamSoFar, event: StoredEvent) => {
    const where = at(event);
    if (stream.hash !== undefined && event.previousHash !== stream.hash)
      report({
        ...where,
        kind: "broken-chain",
        message: `its previousHash is not the hash of ${event.streamId}@${stream.version}`,
      });
    stream.version = event.streamVersion;
    stream.hash = event.hash;
    await redecide(stream, event);
  };

  const redecide = async (stream: StreamSoFar, stored: StoredEvent) => {
    if (stream.released) {
      // Appended after verify met the stream's last event: this stream keeps its state from now.
      stream.released = false;
      stream.last = undefined;
      stream.state = await rebuilt(stored.streamId, stored.streamVersion - 1);
    }
    const before = stream.state;
    if (before === undefined) return;
    let event: RecordedEvent;
    try {
      event = decidable(stored);
    } catch (error) {
      if (!hasErrorCode(error, "EVENT_DECODING_FAILED")) throw error;
      report({ ...at(stored), kind: "undecodable", code: error.code, message: error.message });
      stream.state = undefined;
      return;
    }
    const refused = refusalOf(event, before);
    if (refused !== undefined)
      report({ ...at(stored), kind: "lifecycle", code: refused.code, message: refused.message });
    for (const problem of (await options.checkEvent?.(event, before)) ?? [])
      report({ ...at(stored), kind: "rule", code: problem.code, message: problem.message });
    stream.state = evolve(before, event);
    if (stream.last !== undefined && stream.version >= stream.last) {
      stream.state = undefined;
      stream.released = true;
    }
  };

  /** The state after the stream's first `upTo` events, read again; `undefined` if one is unreadable. */
  const rebuilt = async (streamId: string, upTo: number): Promise<AgreementState | undefined> => {
    try {
      const stored = upTo === 0 ? [] : ((await store.readStream?.(streamId, { limit: upTo })) ?? []);
      return stored.length === upTo ? fold(stored.map(decidable)) : undefined;
    } catch {
      return undefined;
    }
  };

  /** The stream's last version now, or `undefined` when the store cannot say. */
  const lastVersionOf = async (streamId: string): Promise<number | undefined> => {
    try {
      const [last] = (await store.readStream?.(streamId, { direction: "backwards", limit: 1 })) ?? [];
      return last?.streamVersion;
    } catch {
      return undefined;
    }
  };

  const pages = readAllPastCorrupt(store, (corrupt) => {
    events += 1;
    report({
      streamId: corrupt.streamId,
      streamVersion: corrupt.streamVersion,
      globalPosition: corrupt.globalPosition,
      kind: "corrupt-row",
      message: `${corrupt.field} ${corrupt.reason}`,
    });
    const stream = streamOf(corrupt.streamId);
    stream.version = Math.max(stream.version, corrupt.streamVersion);
    stream.hash = undefined;
    stream.state = undefined;
    addLeaf(undefined);
  });
  for await (const page of pages) {
    for (const event of page) {
      events += 1;
      addLeaf(event.hash);
      if (eventHash(event, event.previousHash) !== event.hash) reportEdit(event, report);
      const stream = streamOf(event.streamId);
      if (stream.version === 0 && stream.state !== undefined && stream.last === undefined)
        stream.last = await lastVersionOf(event.streamId);
      if (event.streamVersion === stream.version + 1) {
        await follow(stream, event);
        // Events that came early (before this one in global order) follow it now.
        let next = stream.early?.get(stream.version + 1);
        while (next !== undefined) {
          stream.early?.delete(next.event.streamVersion);
          report({
            ...at(next.event),
            kind: "reordered",
            message: `it comes before ${event.streamId}@${next.event.streamVersion - 1} in global order`,
          });
          await follow(stream, next.event);
          next = stream.early?.get(stream.version + 1);
        }
      } else if (event.streamVersion <= stream.version) {
        report({
          ...at(event),
          kind: "inserted",
          message: `the stream has a version ${event.streamVersion} already`,
        });
      } else {
        stream.early ??= new Map();
        stream.early.set(event.streamVersion, { event });
      }
    }
    options.onProgress?.(events);
  }

  // What is still early had a gap before it that never filled: deleted events.
  for (const stream of streams.values()) {
    const early = [...(stream.early?.values() ?? [])].sort(
      (a, b) => a.event.streamVersion - b.event.streamVersion,
    );
    for (const { event } of early) {
      const missing = event.streamVersion - stream.version - 1;
      if (missing > 0)
        report({
          ...at(event),
          kind: "deleted",
          message: `${missing === 1 ? `version ${stream.version + 1} is` : `versions ${stream.version + 1}–${event.streamVersion - 1} are`} missing before it`,
        });
      stream.hash = stream.hash === undefined || missing > 0 ? undefined : stream.hash;
      await follow(stream, event);
    }
  }

  if (checkpoint !== undefined) checkAgainst(checkpoint, events, treeBroken, checkpointRoot, report);
  return {
    events,
    streams: streams.size,
    agreements: [...streams.keys()].filter((id) => agreementIdOfStream(id) !== undefined).length,
    size: tree.size,
    rootHash: tree.root().toString("hex"),
    findings,
  };
}

/** The event as verify re-decides it: sealed personal values as placeholders, as no decision turns on a name. */
function decidable(stored: StoredEvent): RecordedEvent {
  return decodeEvent({ ...stored, data: maskSealedValues(stored.data) });
}

function isPersonalDataStore(store: object): store is { readonly sealed: VerifiedStore } {
  const sealed = (store as { sealed?: unknown }).sealed;
  return (
    typeof sealed === "object" && sealed !== null && typeof (sealed as EventStore).readAll === "function"
  );
}

function at(event: StoredEvent): Pick<VerifyFinding, "streamId" | "streamVersion" | "globalPosition"> {
  return {
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
  };
}

/** An event whose hash is not its envelope's: renumbered after a deletion, or edited. */
function reportEdit(event: StoredEvent, report: (finding: VerifyFinding) => void): void {
  for (let shift = 1; shift <= RENUMBER_DEPTH; shift++) {
    const original = event.streamVersion + shift;
    if (eventHash({ ...event, streamVersion: original }, event.previousHash) === event.hash) {
      report({
        ...at(event),
        kind: "deleted",
        message: `it was version ${original}: ${shift === 1 ? "an event before it was" : `${shift} events before it were`} deleted and the rest renumbered`,
      });
      return;
    }
  }
  report({ ...at(event), kind: "edited", message: "its content is not what its hash was taken over" });
}

function checkAgainst(
  checkpoint: Checkpoint,
  events: number,
  treeBroken: boolean,
  root: Buffer | undefined,
  report: (finding: VerifyFinding) => void,
): void {
  if (events < checkpoint.size)
    report({
      kind: "deleted",
      message: `the store holds ${events} events, the checkpoint of ${checkpoint.origin} signed ${checkpoint.size}: events were removed`,
    });
  else if (treeBroken && root === undefined)
    report({
      kind: "checkpoint",
      message: `the checkpoint of ${checkpoint.size} events cannot be checked: a corrupt row among them has no readable hash`,
    });
  else if (root === undefined || !root.equals(checkpoint.rootHash))
    report({
      kind: "checkpoint",
      message: `the store's first ${checkpoint.size} events do not give the checkpoint's root: an event among them was edited, inserted, deleted or moved since it was signed`,
    });
}
