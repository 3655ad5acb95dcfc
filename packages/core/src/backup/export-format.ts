import { IntegrityError } from "../errors/integrity-errors.js";
import { eventHash, GENESIS_HASH, isHash } from "../integrity/event-hash.js";
import { leafHash, MerkleRootBuilder } from "../integrity/merkle.js";
import type { StoredEvent } from "../store/envelope.js";
import type { EventStore } from "../store/event-store.js";
import { readAllPages } from "../store/read-pages.js";

/** The format name an export's trailer carries. */
export const EXPORT_FORMAT = "iop-export/1";

/**
 * The last line of an export, `{"trailer":{…}}`: what the file must hold before it. A file cut
 * short has no trailer; an edited one does not give its root.
 */
export interface ExportTrailer {
  readonly format: typeof EXPORT_FORMAT;
  /** Events in the file. */
  readonly count: number;
  /** The global position of the last one in the store it came from (0: none). */
  readonly lastPosition: number;
  /** The RFC 6962 root over the events' hashes in file order, hex: what a checkpoint signs. */
  readonly rootHash: string;
}

/**
 * The store as export lines: each event as one JSON line (its whole envelope, hashes included),
 * in global order, then the trailer. A generator, so the writer sets the pace: nothing is read
 * ahead of what was written.
 * @throws {CorruptEventError} at a corrupt stored event: a backup must not leave one out.
 */
export async function* exportLines(
  store: Pick<EventStore, "readAll">,
): AsyncGenerator<string, ExportTrailer> {
  const tree = new MerkleRootBuilder();
  let lastPosition = 0;
  for await (const page of readAllPages(store)) {
    let text = "";
    for (const event of page) {
      tree.addLeafHash(leafHash(Buffer.from(event.hash, "hex")));
      text += `${JSON.stringify(event)}\n`;
      lastPosition = event.globalPosition;
    }
    yield text;
  }
  const trailer: ExportTrailer = {
    format: EXPORT_FORMAT,
    count: tree.size,
    lastPosition,
    rootHash: tree.root().toString("hex"),
  };
  yield `${JSON.stringify({ trailer })}\n`;
  return trailer;
}

/** Where a line of an export is, for messages: `backup.jsonl:57`. */
export type LineRef = string;

function refuse(where: LineRef, reason: string): never {
  throw new IntegrityError(`${where}: ${reason}`);
}

/**
 * Checks an export line by line, in memory that grows with its streams, not its events: every
 * event's hash must be its envelope's and chain onto the one before it in its stream, positions
 * must increase, and the trailer must come last and match what came before.
 */
export class ExportChecker {
  readonly #unsealed: boolean;
  readonly #checkHashes: boolean;
  readonly #heads = new Map<string, { version: number; hash: string }>();
  readonly #tree = new MerkleRootBuilder();
  #lastPosition = 0;
  #trailer: ExportTrailer | undefined;

  /**
   * @param options.unsealed - the file was written before exports carried hashes (no hashes,
   *   no trailer): each event is sealed here, chained from the start of its stream, and the
   *   file's structure checked — it proves nothing about what happened before it was read.
   * @param options.checkHashes - `false`: each hash's form, chain and place in the root are
   *   checked, but the hash is not taken again over its event: for a second read of a file whose
   *   events a store takes with `appendRecorded` or `importRecorded`, which take every hash
   *   again before writing. Default `true`.
   */
  constructor(options: { readonly unsealed?: boolean; readonly checkHashes?: boolean } = {}) {
    this.#unsealed = options.unsealed === true;
    this.#checkHashes = options.checkHashes !== false;
  }

  /** Events checked so far. */
  get count(): number {
    return this.#tree.size;
  }

  /**
   * Checks one line; returns the event it holds, or `undefined` for a blank line or the trailer.
   * @throws {IntegrityError} naming the line and what is wrong with it.
   */
  line(text: string, where: LineRef): StoredEvent | undefined {
    if (text.trim() === "") return undefined;
    if (this.#trailer !== undefined) refuse(where, "there is more after the trailer");
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      refuse(where, `not JSON (${(error as Error).message}): the file is damaged`);
    }
    if (typeof value !== "object" || value === null) refuse(where, "not an exported event");
    if ("trailer" in value) {
      if (this.#unsealed)
        refuse(where, "the file has a trailer: import it without --unsealed, so its hashes are checked");
      this.#trailer = this.#checkTrailer(value.trailer, where);
      return undefined;
    }
    return this.#checkEvent(value as Partial<StoredEvent>, where);
  }

  /**
   * The trailer, once every line was given.
   * @throws {IntegrityError} when the file ended without one: it was cut short.
   */
  finish(where: LineRef): ExportTrailer {
    if (this.#unsealed)
      return {
        format: EXPORT_FORMAT,
        count: this.count,
        lastPosition: this.#lastPosition,
        rootHash: this.#tree.root().toString("hex"),
      };
    if (this.#trailer === undefined)
      refuse(
        where,
        `the file ends after ${this.count} events without its trailer: it was cut short (or written before exports had one: see --unsealed)`,
      );
    return this.#trailer;
  }

  #checkEvent(event: Partial<StoredEvent>, where: LineRef): StoredEvent {
    const { streamId, streamVersion, globalPosition } = event;
    if (
      typeof streamId !== "string" ||
      typeof streamVersion !== "number" ||
      typeof globalPosition !== "number" ||
      typeof event.type !== "string" ||
      typeof event.recordedAt !== "string"
    )
      refuse(
        where,
        "not an exported event (needs streamId, streamVersion, globalPosition, type, recordedAt)",
      );
    if (globalPosition <= this.#lastPosition)
      refuse(where, `position ${globalPosition} does not follow ${this.#lastPosition}: lines were moved`);
    const head = this.#heads.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
    if (streamVersion !== head.version + 1)
      refuse(
        where,
        `${streamId}@${streamVersion} does not follow version ${head.version}: events are missing or moved`,
      );
    const sealed = this.#unsealed ? this.#seal(event, head.hash, where) : event;
    const { hash, previousHash } = sealed;
    if (!isHash(hash) || typeof previousHash !== "string")
      refuse(
        where,
        "the event has no hash: the file was written before the hash chain (import it with --unsealed)",
      );
    if (previousHash !== head.hash)
      refuse(where, `${streamId}@${streamVersion} does not chain onto the event before it`);
    // An event sealed here has the hash just taken over it.
    if (this.#checkHashes && !this.#unsealed && eventHash(sealed as StoredEvent, previousHash) !== hash)
      refuse(where, `${streamId}@${streamVersion} is not what its hash was taken over: the file was edited`);
    this.#heads.set(streamId, { version: streamVersion, hash });
    this.#tree.addLeafHash(leafHash(Buffer.from(hash, "hex")));
    this.#lastPosition = globalPosition;
    return sealed as StoredEvent;
  }

  /** An event of an unsealed file, sealed onto `previousHash`. */
  #seal(event: Partial<StoredEvent>, previousHash: string, where: LineRef): Partial<StoredEvent> {
    if (event.hash !== undefined || event.previousHash !== undefined)
      refuse(where, "the event carries hashes: import the file without --unsealed, so they are checked");
    return { ...event, previousHash, hash: eventHash(event as StoredEvent, previousHash) };
  }

  #checkTrailer(trailer: unknown, where: LineRef): ExportTrailer {
    const t = (typeof trailer === "object" && trailer !== null ? trailer : {}) as Partial<ExportTrailer>;
    if (t.format !== EXPORT_FORMAT) refuse(where, `the trailer is not of format ${EXPORT_FORMAT}`);
    if (t.count !== this.count)
      refuse(where, `the trailer says ${t.count} events, the file holds ${this.count}`);
    if (t.lastPosition !== this.#lastPosition)
      refuse(
        where,
        `the trailer says the last position is ${t.lastPosition}, the file's is ${this.#lastPosition}`,
      );
    if (t.rootHash !== this.#tree.root().toString("hex"))
      refuse(where, "the events do not give the trailer's root: the file was edited");
    return t as ExportTrailer;
  }
}
