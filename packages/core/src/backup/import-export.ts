import { IntegrityError } from "../errors/integrity-errors.js";
import type { IopStore } from "../store/core-event-store.js";
import type { RecordedEnvelope, StoredEvent } from "../store/envelope.js";
import { ExportChecker, type ExportTrailer } from "./export-format.js";

/** Events per `appendRecorded` call: runs of one stream are cut at this size. */
const BATCH = 500;

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
 * a refused file does not even create a store. An
 * import that fails part-way (a lost connection, a full disk) is resumed by running it again:
 * events the store holds already are checked against the file and skipped.
 * @throws {IntegrityError} naming the line when the file is cut short, edited or out of order, or
 *   when the store holds other events in the same streams.
 */
export async function importExport(
  target: IopStore | (() => Promise<IopStore>),
  lines: () => AsyncIterable<ExportLine>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const progress = options.onProgress ?? (() => undefined);
  const check = new ExportChecker(options);
  let last = "(empty file)";
  for await (const { text, where } of lines()) {
    check.line(text, where);
    last = where;
    if (check.count % 10_000 === 0) progress("checking", check.count);
  }
  check.finish(last);
  const store = typeof target === "function" ? await target() : target;

  const again = new ExportChecker(options);
  const stored = new Map<string, number>();
  const storedVersion = async (streamId: string) => {
    let version = stored.get(streamId);
    if (version === undefined) {
      const [head] = await store.readStream(streamId, { direction: "backwards", limit: 1 });
      version = head?.streamVersion ?? 0;
      stored.set(streamId, version);
    }
    return version;
  };
  let run: StoredEvent[] = [];
  let imported = 0;
  let skipped = 0;
  const flush = async () => {
    const first = run[0];
    if (first === undefined) return;
    await store.appendRecorded(first.streamId, run.map(recorded));
    stored.set(first.streamId, first.streamVersion + run.length - 1);
    imported += run.length;
    run = [];
    progress("importing", imported + skipped);
  };
  for await (const { text, where } of lines()) {
    const event = again.line(text, where);
    last = where;
    if (event === undefined) continue;
    if (run.length > 0 && (run[0]?.streamId !== event.streamId || run.length >= BATCH)) await flush();
    if (event.streamVersion <= (await storedVersion(event.streamId))) {
      const [there] = await store.readStream(event.streamId, { fromVersion: event.streamVersion, limit: 1 });
      if (there?.hash !== event.hash)
        throw new IntegrityError(
          `${where}: the store holds another event at ${event.streamId}@${event.streamVersion}: it is not a copy of this file`,
        );
      skipped += 1;
      continue;
    }
    run.push(event);
  }
  await flush();
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
