import { IntegrityError } from "../errors/integrity-errors.js";
import { InvalidStoreInputError } from "../errors/storage-errors.js";
import type { IopStore } from "../store/core-event-store.js";
import type { RecordedEnvelope, StoredEvent } from "../store/envelope.js";
import { ExportChecker, type ExportTrailer } from "./export-format.js";

/** Events per `importRecorded` chunk by default: one transaction each on the SQL stores. */
const CHUNK_EVENTS = 5000;

/** One line of an export file, with where it is for messages (`backup.jsonl:57`). */
export interface ExportLine {
  readonly text: string;
  readonly where: string;
}

/** Options of {@link importExport}. */
export interface ImportOptions {
  /**
   * The file was written before exports carried hashes: its events are sealed on import (see
   * `ExportChecker`). The copy then proves only that nothing changed after the import.
   */
  readonly unsealed?: boolean;
  /** Called now and then with the phase and the events done in it: for a progress bar. */
  readonly onProgress?: (phase: "checking" | "importing", events: number) => void;
  /**
   * Events per chunk the store writes at once (`IopStore.importRecorded`: one transaction on
   * the SQL stores), in file order across streams; default 5000.
   */
  readonly chunkEvents?: number;
}

/** What {@link importExport} did. */
export interface ImportResult {
  readonly trailer: ExportTrailer;
  /** Events appended by this run. */
  readonly imported: number;
  /** Events the store held already, each checked to be the file's (a resumed import). */
  readonly skipped: number;
}

/**
 * Imports an export into `store`, keeping every event's id, version, record time and hash, so the
 * copy answers both clocks as the original does and gives the same checkpoint root.
 *
 * The file is checked whole before anything is appended (`lines` is called twice: check, then
 * import, checked again as it goes): a cut or edited file is refused and nothing is written.
 * `target` may be a function that opens the store: it is called only once the file passed, so
 * a refused file does not even create a store. The events go in as they come in the file, in
 * chunks of `chunkEvents` across streams, each written at once (`IopStore.importRecorded`: one
 * transaction on the SQL stores) with every check of `appendRecorded`. An
 * import that fails part-way (a lost connection, a full disk) is resumed by running it again:
 * events the store holds already are checked against the file and skipped.
 * @throws {IntegrityError} naming the line when the file is cut short, edited or out of order, or
 *   when the store holds other events in the same streams.
 * @throws {InvalidStoreInputError} on `chunkEvents` when it is not a positive integer.
 */
export async function importExport(
  target: IopStore | (() => Promise<IopStore>),
  lines: () => AsyncIterable<ExportLine>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const progress = options.onProgress ?? (() => undefined);
  const chunkEvents = options.chunkEvents ?? CHUNK_EVENTS;
  if (!Number.isSafeInteger(chunkEvents) || chunkEvents < 1)
    throw new InvalidStoreInputError("chunkEvents", "must be a positive integer");
  const check = new ExportChecker(options);
  let last = "(empty file)";
  for await (const { text, where } of lines()) {
    check.line(text, where);
    last = where;
    if (check.count % 10_000 === 0) progress("checking", check.count);
  }
  check.finish(last);
  const store = typeof target === "function" ? await target() : target;

  // The store takes every hash again before it writes the event: the second read need not.
  const again = new ExportChecker({ ...options, checkHashes: false });
  // A store that holds no events needs no look at any stream: everything in it is this run's.
  const empty = (await store.readAll({ limit: 1 })).length === 0;
  const stored = new Map<string, number>();
  const storedVersion = async (streamId: string) => {
    let version = stored.get(streamId);
    if (version === undefined) {
      const [head] = empty ? [] : await store.readStream(streamId, { direction: "backwards", limit: 1 });
      version = head?.streamVersion ?? 0;
      stored.set(streamId, version);
    }
    return version;
  };
  // The chunk: runs of one stream's consecutive events, in file order.
  let chunk: { streamId: string; events: RecordedEnvelope[] }[] = [];
  let pending = 0;
  let imported = 0;
  let skipped = 0;
  // The chunk the store is writing while the next one is read: reading and checking lines
  // overlaps with the database's work. A chunk is handed over only once the one before landed,
  // so the store checks it against the heads that one left.
  let writing: Promise<void> | undefined;
  const landed = async () => {
    const done = writing;
    writing = undefined;
    await done;
  };
  const flush = async () => {
    await landed();
    if (pending === 0) return;
    const appends = chunk;
    const count = pending;
    chunk = [];
    pending = 0;
    writing = store.importRecorded(appends).then(() => {
      for (const { streamId, events } of appends)
        stored.set(streamId, (events.at(-1) as RecordedEnvelope).streamVersion);
      imported += count;
      progress("importing", imported + skipped);
    });
    // Refused or failed, it is awaited (and thrown) at the next flush; never unhandled meanwhile.
    writing.catch(() => undefined);
  };
  try {
    for await (const { text, where } of lines()) {
      const event = again.line(text, where);
      last = where;
      if (event === undefined) continue;
      if (event.streamVersion <= (await storedVersion(event.streamId))) {
        const [there] = await store.readStream(event.streamId, {
          fromVersion: event.streamVersion,
          limit: 1,
        });
        if (there?.hash !== event.hash)
          throw new IntegrityError(
            `${where}: the store holds another event at ${event.streamId}@${event.streamVersion}: it is not a copy of this file`,
          );
        skipped += 1;
        continue;
      }
      const run = chunk.at(-1);
      if (run?.streamId === event.streamId) run.events.push(recorded(event));
      else chunk.push({ streamId: event.streamId, events: [recorded(event)] });
      if (++pending >= chunkEvents) await flush();
    }
    await flush();
    await landed();
  } finally {
    // Refused part-way: the chunk still being written lands (or fails) before the error is thrown.
    await landed().catch(() => undefined);
  }
  return { trailer: again.finish(last), imported, skipped };
}

function recorded(event: StoredEvent): RecordedEnvelope {
  return {
    eventId: event.eventId,
    streamVersion: event.streamVersion,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    previousHash: event.previousHash,
    hash: event.hash,
  };
}
