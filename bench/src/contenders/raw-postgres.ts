import { randomUUID } from "node:crypto";
import {
  type Command,
  decide,
  decodeEvent,
  eventCatalog,
  fold,
  isDomainError,
  type StoredEvent,
} from "@iop/core";
import { agreementIdOf, type BenchEvent, streamIdOf } from "../data.js";
import { type PgPool, pg } from "../drivers.js";
import { RegisterFold } from "../register.js";
import { NO_HASH } from "./no-hash.js";
import type { Contender } from "./types.js";

/** A row as selected; `data` and `metadata` come back parsed by pg's json type parser. */
interface Row {
  global_position: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: StoredEvent["data"];
  metadata: StoredEvent["metadata"];
  recorded_at: string;
}

const COLUMNS =
  "global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at::text AS recorded_at";

/** A row as the core's envelope, for its codec and the register fold; the raw table keeps no hashes. */
function toStored(row: Row): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: Number(row.global_position),
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
    previousHash: NO_HASH,
    hash: NO_HASH,
  };
}

/**
 * The floor: a `pg.Pool` of one connection, named (prepared) statements, a table with the same columns as
 * ours. An append is one `INSERT … SELECT FROM unnest(…)` statement (atomic on its own, one
 * round trip); the unique index on (stream, version) is the only check. Read-all pages by
 * position with no guard against positions that commit out of order.
 */
class RawPostgres implements Contender {
  constructor(private readonly client: PgPool) {}

  private async insert(
    streamId: string,
    events: readonly BenchEvent[],
    expectedVersion: number,
  ): Promise<void> {
    await this.client.query({
      name: "append",
      text: `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata)
             SELECT $1, $2::int + e.ord, e.event_id, e.type, e.schema_version, e.data, '{}'::json
               FROM unnest($3::text[], $4::text[], $5::int[], $6::json[])
                    WITH ORDINALITY AS e (event_id, type, schema_version, data, ord)`,
      values: [
        streamId,
        expectedVersion,
        events.map(() => randomUUID()),
        events.map((e) => e.type),
        events.map((e) => e.schemaVersion),
        events.map((e) => JSON.stringify(e.data)),
      ],
    });
  }

  append(stream: number, events: readonly BenchEvent[], expectedVersion: number): Promise<void> {
    return this.insert(streamIdOf(stream), events, expectedVersion);
  }

  private async selectStream(streamId: string): Promise<Row[]> {
    const result = await this.client.query<Row>({
      name: "read-stream",
      text: `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      values: [streamId],
    });
    return result.rows;
  }

  async readStream(stream: number): Promise<number> {
    return (await this.selectStream(streamIdOf(stream))).length;
  }

  private async eachPage(pageSize: number, onPage: (page: Row[]) => void): Promise<number> {
    let count = 0;
    for (let after = "0"; ; ) {
      const { rows } = await this.client.query<Row>({
        name: "read-all",
        text: `SELECT ${COLUMNS} FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
        values: [after, pageSize],
      });
      const last = rows.at(-1);
      if (last === undefined) return count;
      onPage(rows);
      count += rows.length;
      after = last.global_position;
    }
  }

  readAll(pageSize: number): Promise<number> {
    return this.eachPage(pageSize, () => undefined);
  }

  async rebuildRegister(pageSize: number): Promise<number> {
    const register = new RegisterFold();
    await this.eachPage(pageSize, (page) => register.add(page.map(toStored)));
    return register.rows;
  }

  async handle(agreement: number, command: Command): Promise<void> {
    const streamId = streamIdOf(agreement);
    const state = fold((await this.selectStream(streamId)).map((row) => decodeEvent(toStored(row))));
    const decided = decide(command, state);
    if (isDomainError(decided)) throw new Error(`${agreementIdOf(agreement)}: ${decided.message}`);
    await this.insert(
      streamId,
      decided.map((e) => ({ type: e.type, schemaVersion: eventCatalog[e.type].schemaVersion, data: e.data })),
      state.version,
    );
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

export async function openRawPostgres(url: string): Promise<Contender> {
  // One connection (the workloads are sequential); prepared statements live on it.
  const client = new pg.Pool({ connectionString: url, max: 1 });
  await client.query(`
    CREATE TABLE IF NOT EXISTS events (
      global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      stream_id       text        NOT NULL,
      stream_version  integer     NOT NULL,
      event_id        text        NOT NULL,
      type            text        NOT NULL,
      schema_version  integer     NOT NULL,
      data            json        NOT NULL,
      metadata        json        NOT NULL,
      recorded_at     timestamptz NOT NULL DEFAULT now(),
      UNIQUE (stream_id, stream_version)
    )`);
  return new RawPostgres(client);
}
