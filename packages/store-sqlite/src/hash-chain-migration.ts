import { CorruptEventError } from "@iop/core";
import { storedEventSealer } from "@iop/core/adapter-kit";
import type Database from "better-sqlite3";

/** A stored event as migration 4 reads it, in column order (raw mode). */
type UnsealedRow = [
  globalPosition: number,
  streamId: string,
  streamVersion: number,
  eventId: string,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string,
  recordedAt: string,
];

/**
 * Rows read at a time. better-sqlite3 cannot write while a statement iterates, so the table is
 * read in pages along the stream index: memory stays bounded for a file of any size.
 */
const PAGE_ROWS = 1000;

function parsed(row: UnsealedRow, field: "data" | "metadata", text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CorruptEventError(
      row[1],
      row[2],
      row[0],
      field,
      `is not valid JSON (${(error as Error).message})`,
    );
  }
}

/**
 * Gives every stored event its `previous_hash` and `hash`, stream by stream in version order:
 * each hash is `eventHash` over the envelope as a read returns it (data and metadata parsed,
 * `recorded_at` as stored), chained by the core's `storedEventSealer`. Runs inside the migration's
 * transaction, so a file is sealed whole or not at all.
 * @returns how many events it sealed.
 * @throws {CorruptEventError} for a row whose data or metadata is not JSON (nothing is changed).
 */
export function sealStoredEvents(db: Database.Database): { readonly sealed: number } {
  const page = db
    .prepare<[string, number, number], UnsealedRow>(
      `SELECT global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at
       FROM events WHERE (stream_id, stream_version) > (?, ?) ORDER BY stream_id, stream_version LIMIT ?`,
    )
    .raw();
  const seal = db.prepare<[string, string, number]>(
    "UPDATE events SET previous_hash = ?, hash = ? WHERE global_position = ?",
  );
  let sealed = 0;
  const linksOf = storedEventSealer();
  // Versions start at 1, so ("", 0) lies before every row.
  let after: [string, number] = ["", 0];
  for (;;) {
    const rows = page.all(after[0], after[1], PAGE_ROWS);
    for (const row of rows) {
      const { previousHash, hash } = linksOf({
        eventId: row[3],
        streamId: row[1],
        streamVersion: row[2],
        type: row[4],
        schemaVersion: row[5],
        data: parsed(row, "data", row[6]),
        metadata: parsed(row, "metadata", row[7]),
        recordedAt: row[8],
      });
      seal.run(previousHash, hash, row[0]);
    }
    sealed += rows.length;
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE_ROWS) return { sealed };
    after = [last[1], last[2]];
  }
}
