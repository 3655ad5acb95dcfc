import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { EventStore, NewEvent, StoredEvent } from "@iop/core";
import { type Output, UsageError } from "../output.js";

const BATCH = 500;

/**
 * Appends events exported by `iop export` (from any adapter) to this store, in their global
 * order. Runs of one stream are appended as one batch with the exact expected version, so an
 * import onto a store that already holds those streams stops with a conflict instead of
 * mixing histories. Ids, types, schema versions, data and metadata are kept; the store gives new
 * positions and recorded-at times, and the original ones are kept in `metadata.imported`.
 */
export async function importCommand(store: EventStore, file: string, io: Output): Promise<number> {
  const lines = createInterface({
    input: createReadStream(file, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let run: StoredEvent[] = [];
  let count = 0;
  const flush = async () => {
    const first = run[0];
    if (first === undefined) return;
    const events: NewEvent[] = run.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      metadata: { ...e.metadata, imported: { recordedAt: e.recordedAt, globalPosition: e.globalPosition } },
    }));
    await store.append(first.streamId, events, { expectedVersion: first.streamVersion - 1 });
    count += run.length;
    run = [];
  };
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === "") continue;
    const event = parseLine(line, file, lineNumber);
    const last = run.at(-1);
    if (last !== undefined && (last.streamId !== event.streamId || run.length >= BATCH)) await flush();
    const previous = run.at(-1);
    if (previous !== undefined && event.streamVersion !== previous.streamVersion + 1)
      throw new UsageError(
        `${file}:${lineNumber}: ${event.streamId} jumps from version ${previous.streamVersion} to ${event.streamVersion}`,
      );
    run.push(event);
  }
  await flush();
  io.out(`${count} events imported from ${file}.`);
  return 0;
}

function parseLine(line: string, file: string, lineNumber: number): StoredEvent {
  let event: Partial<StoredEvent>;
  try {
    event = JSON.parse(line) as Partial<StoredEvent>;
  } catch (error) {
    throw new UsageError(`${file}:${lineNumber}: not JSON (${(error as Error).message})`);
  }
  if (
    typeof event.streamId !== "string" ||
    typeof event.streamVersion !== "number" ||
    typeof event.type !== "string"
  )
    throw new UsageError(
      `${file}:${lineNumber}: not an exported event (needs streamId, streamVersion, type, data)`,
    );
  return event as StoredEvent;
}
