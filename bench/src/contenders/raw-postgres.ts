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
import type { SealedEvent } from "@iop/core/adapter-kit";
import { agreementIdOf, type BenchEvent, streamIdOf } from "../data.js";
import { type PgPool, pg } from "../drivers.js";
import { RegisterFold } from "../register.js";
import { NO_HASH } from "./no-hash.js";
import { RawChain } from "./raw-chain.js";
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
  constructor(
    private readonly client: PgPool,
    private readonly chain: RawChain | undefined,
  ) {}

  private async insert(
    streamId: string,
    events: readonly BenchEvent[],
    expectedVersion: number,
  ): Promise<void> {
    if (this.chain !== undefined) {
      await this.insertSealed(
        streamId,
        this.chain.seal(streamId, events, expectedVersion, new Date().toISOString()),
      );
      return;
    }
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

  /** The same statement with the chain's columns, every value as sealed (record time included). */
  private async insertSealed(streamId: string, events: readonly SealedEvent[]): Promise<void> {
    await this.client.query({
      name: "append-sealed",
      text: `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, previous_hash, hash)
             SELECT $1, e.stream_version, e.event_id, e.type, e.schema_version, e.data, '{}'::json, e.recorded_at, e.previous_hash, e.hash
               FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::json[], $7::timestamptz[], $8::text[], $9::text[])
                    AS e (stream_version, event_id, type, schema_version, data, recorded_at, previous_hash, hash)`,
      values: [
        streamId,
        events.map((e) => e.streamVersion),
        events.map((e) => e.eventId),
        events.map((e) => e.type),
        events.map((e) => e.schemaVersion),
        events.map((e) => e.dataJson),
        events.map((e) => e.recordedAt),
        events.map((e) => e.previousHash),
        events.map((e) => e.hash),
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

/**
 * The raw PostgreSQL contender; with `chain`, its appends also keep the hash chain (two more
 * columns, rows sealed as ours are): the chain workload's "raw + chain".
 */
export async function openRawPostgres(
  url: string,
  options: { readonly chain?: boolean } = {},
): Promise<Contender> {
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
      recorded_at     timestamptz NOT NULL DEFAULT now(),${options.chain ? "\n      previous_hash   text        NOT NULL,\n      hash            text        NOT NULL," : ""}
      UNIQUE (stream_id, stream_version)
    )`);
  return new RawPostgres(client, options.chain ? new RawChain() : undefined);
}
