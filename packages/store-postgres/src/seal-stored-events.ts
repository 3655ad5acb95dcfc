import { storedEventSealer } from "@iop/core/adapter-kit";
import type pg from "pg";
import { recordedAtText } from "./event-statements.js";
import { RAW_TEXT_TYPES } from "./sql.js";

/**
 * Events read and sealed per round trip: memory stays bounded by this, whatever the store holds.
 */
export const SEAL_PAGE_SIZE = 500;

/** A stored event as the backfill reads it: every column as text, as reads return them. */
interface UnsealedRow {
  readonly position: string;
  readonly stream_no: string;
  readonly stream_id: string;
  readonly stream_version: string;
  readonly event_id: string;
  readonly type: string;
  readonly schema_version: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
}

/**
 * Seals the events of a store written before the hash chain: stream by stream, in version order,
 * each event's hash over its envelope as a read returns it (data and metadata parsed, the record
 * time as reads format it), chained by the core's `storedEventSealer`. Reads keyset pages off
 * the `(stream_no, stream_version)` key, so it never holds more than a page.
 *
 * Run inside the migration's transaction, which holds `events` exclusively (its `ALTER TABLE`),
 * so no append can slip in between pages. A row that a read would refuse as corrupt is sealed
 * as it stands: the chain then proves what was stored, and reads still report it.
 * @param s the schema, quoted.
 * @returns how many events it sealed.
 */
export async function sealStoredEvents(client: pg.ClientBase, s: string): Promise<number> {
  const page = `SELECT e.position, e.stream_no,
                       (SELECT st.stream_id FROM ${s}.streams st WHERE st.stream_no = e.stream_no) AS stream_id,
                       e.stream_version, e.event_id, e.type, e.schema_version, e.data, e.metadata,
                       ${recordedAtText("e.recorded_at")} AS recorded_at
                  FROM ${s}.events e
                 WHERE (e.stream_no, e.stream_version) > ($1::bigint, $2::bigint)
                 ORDER BY e.stream_no, e.stream_version
                 LIMIT ${SEAL_PAGE_SIZE}`;
  const seal = `UPDATE ${s}.events e SET previous_hash = u.previous_hash, hash = u.hash
                  FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u (position, previous_hash, hash)
                 WHERE e.position = u.position`;
  let sealed = 0;
  let after = { streamNo: "0", version: "0" };
  const linksOf = storedEventSealer();
  for (;;) {
    const { rows } = await client.query<UnsealedRow>({
      text: page,
      values: [after.streamNo, after.version],
      types: RAW_TEXT_TYPES,
    });
    const last = rows.at(-1);
    if (last === undefined) return sealed;
    const hashes = rows.map((row) => linksOf(envelopeOf(row)));
    after = { streamNo: last.stream_no, version: last.stream_version };
    await client.query(seal, [
      rows.map((r) => r.position),
      hashes.map((h) => h.previousHash),
      hashes.map((h) => h.hash),
    ]);
    sealed += rows.length;
  }
}

/** The envelope a read of `row` gives, which is what its hash must cover. */
function envelopeOf(row: UnsealedRow) {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as unknown,
    recordedAt: row.recorded_at,
  };
}
