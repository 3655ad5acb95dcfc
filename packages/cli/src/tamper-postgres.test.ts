import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HashedEnvelope } from "@iop/core";
import { DEFAULT_SCHEMA, openPostgresStore } from "@iop/store-postgres";
import { startTestPostgres, type TestDatabase, type TestPostgres } from "@iop/store-postgres/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iop } from "./test-support/run-iop.js";
import {
  against,
  amendment2022,
  dissolvedCouncilAgreement,
  expectReported,
  type ForgedEvent,
  HUSBY_2025,
  HUSBY_EVENTS,
  husbyCommandsFile,
  type KeptCheckpoint,
  keepCheckpoint,
  rechain,
  secondGrant2022,
  streams,
  verifyJson,
} from "./test-support/tamper-kit.js";

/** The store's schema, quoted: the tables are edited straight, as someone with a database login would. */
const S = `"${DEFAULT_SCHEMA}"`;

/** One statement on the tampering connection (inside its transaction). */
type Sql = (
  text: string,
  values?: unknown[],
) => Promise<{ rows: Record<string, unknown>[]; rowCount: number }>;

/** Runs one statement that must change exactly `rows` rows. */
async function change(sql: Sql, text: string, values: unknown[], rows = 1): Promise<void> {
  expect((await sql(text, values)).rowCount).toBe(rows);
}

const streamNo = `(SELECT stream_no FROM ${S}.streams WHERE stream_id = $1)`;

async function one<T>(sql: Sql, text: string, values: unknown[]): Promise<T> {
  const { rows } = await sql(text, values);
  expect(rows).toHaveLength(1);
  return Object.values(rows[0] as object)[0] as T;
}

const position = async (sql: Sql, streamId: string, version: number) =>
  Number(
    await one<string>(
      sql,
      `SELECT position FROM ${S}.events WHERE stream_no = ${streamNo} AND stream_version = $2`,
      [streamId, version],
    ),
  );

const hashOf = (sql: Sql, streamId: string, version: number) =>
  one<string>(sql, `SELECT hash FROM ${S}.events WHERE stream_no = ${streamNo} AND stream_version = $2`, [
    streamId,
    version,
  ]);

/** Moves every event from `from` on one position up, the last first (positions are unique). */
async function makeRoomAt(sql: Sql, from: number): Promise<void> {
  const { rows } = await sql(`SELECT position FROM ${S}.events WHERE position >= $1 ORDER BY position DESC`, [
    from,
  ]);
  for (const { position: p } of rows)
    await change(sql, `UPDATE ${S}.events SET position = position + 1 WHERE position = $1`, [p]);
}

/** Writes a forged event at `at`, and the stream's version as the append would have. */
async function insert(sql: Sql, event: ForgedEvent, at: number): Promise<void> {
  await change(
    sql,
    `INSERT INTO ${S}.events (position, stream_no, stream_version, event_id, type, schema_version, data, metadata,
                            recorded_at, previous_hash, hash)
     VALUES ($2, ${streamNo}, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      event.streamId,
      at,
      event.streamVersion,
      event.eventId,
      event.type,
      event.schemaVersion,
      event.data,
      event.metadata,
      event.recordedAt,
      event.previousHash,
      event.hash,
    ],
  );
  await change(sql, `UPDATE ${S}.streams SET version = $2 WHERE stream_id = $1`, [
    event.streamId,
    event.streamVersion,
  ]);
}

/** A stream's events as the hash sees them, in version order. */
async function envelopes(sql: Sql, streamId: string): Promise<(HashedEnvelope & { hash: string })[]> {
  const { rows } = await sql(
    `SELECT event_id, stream_version, type, schema_version, data::text AS data, metadata::text AS metadata,
            to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at, hash
       FROM ${S}.events WHERE stream_no = ${streamNo} ORDER BY stream_version`,
    [streamId],
  );
  return rows.map((row) => ({
    eventId: String(row.event_id),
    streamId,
    streamVersion: Number(row.stream_version),
    type: String(row.type),
    schemaVersion: Number(row.schema_version),
    data: JSON.parse(String(row.data)),
    metadata: JSON.parse(String(row.metadata)),
    recordedAt: String(row.recorded_at),
    hash: String(row.hash),
  }));
}

describe("iop verify of PostgreSQL tables edited behind the store's back", () => {
  let server: TestPostgres;
  let recorded: TestDatabase;
  let admin: Awaited<ReturnType<typeof openPostgresStore>>;
  let dir: string;
  let kept: KeptCheckpoint;
  const copies: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-tamper-pg-"));
    server = await startTestPostgres();
    recorded = await server.createDatabase("tamper");
    expect((await iop("--store", recorded.url, "record", await husbyCommandsFile(dir))).code).toBe(0);
    kept = await keepCheckpoint(recorded.url, dir);
    // Only for CREATE and DROP DATABASE on the maintenance database: no store lives there.
    admin = await openPostgresStore({ connection: server.url, migrate: false });
  }, 120_000);
  afterAll(async () => {
    for (const name of copies)
      await admin?.driver.pool.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin?.close();
    await recorded?.drop();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  /** A fresh copy of the recorded database, edited with `edit` in one transaction; resolves to its `--store`. */
  async function tampered(edit: (sql: Sql) => Promise<void>): Promise<string> {
    const name = `iop_tampered_${randomBytes(6).toString("hex")}`;
    await admin.driver.pool.query(`CREATE DATABASE "${name}" TEMPLATE "${recorded.name}"`);
    copies.push(name);
    const url = new URL(recorded.url);
    url.pathname = `/${name}`;
    const store = await openPostgresStore({ connection: url.toString(), migrate: false });
    const client = await store.driver.pool.connect();
    try {
      await client.query("BEGIN");
      await edit(async (text, values) => {
        const result = await client.query(text, values);
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      });
      await client.query("COMMIT");
    } finally {
      client.release();
      await store.close();
    }
    return url.toString();
  }

  it("an untouched store verifies with exit 0: alone, against the kept checkpoint, and under the Stockholm rules", async () => {
    for (const args of [
      [],
      against(kept),
      ["--rules", "stockholm"],
      [...against(kept), "--rules", "stockholm"],
    ])
      expect(await verifyJson(recorded.url, ...args)).toEqual({
        code: 0,
        events: HUSBY_EVENTS,
        findings: [],
      });
    expect(await iop("--store", recorded.url, "verify", ...against(kept))).toMatchObject({
      code: 0,
      err: "",
      out: expect.stringContaining(
        `${HUSBY_EVENTS} events read, 4 agreements verified, checked against the checkpoint of revisionen.stockholm.se at ${HUSBY_EVENTS} events: no findings.`,
      ),
    });
  });

  it("every event's JSON re-encoded through jsonb (keys reordered, spaces added) but no value changed verifies with exit 0", async () => {
    const store = await tampered((sql) =>
      change(
        sql,
        `UPDATE ${S}.events SET data = data::jsonb::json, metadata = metadata::jsonb::json`,
        [],
        HUSBY_EVENTS,
      ),
    );
    expect(await verifyJson(store, ...against(kept), "--rules", "stockholm")).toEqual({
      code: 0,
      events: HUSBY_EVENTS,
      findings: [],
    });
  });

  it("the 2022 grant raised from 324 000 to 3 240 000 kr is edited (and show would believe it)", async () => {
    const store = await tampered((sql) =>
      change(
        sql,
        `UPDATE ${S}.events SET data = jsonb_set(data::jsonb, '{grantedKronor}', '3240000')::json WHERE stream_no = ${streamNo} AND stream_version = 2`,
        [streams.y2022],
      ),
    );
    const shown = await iop("--store", store, "show", "husby-konst-2022");
    expect(JSON.parse(shown.out)).toMatchObject({ grantedKronor: 3_240_000 });
    const findings = await expectReported(store, kept, [
      { kind: "edited", streamId: streams.y2022, streamVersion: 2 },
    ]);
    // The stored hashes are untouched, so the tree over them still gives the checkpoint's root.
    expect(findings.map((f) => f.kind)).toEqual(["edited"]);
  });

  it("the 2022 grant raised to 3 240 000 kr with its hash and the stream's chain after it recomputed passes the checks of hashes and lifecycle, and the kept checkpoint finds it", async () => {
    const store = await tampered(async (sql) => {
      const [applied, granted, ...later] = await envelopes(sql, streams.y2022);
      if (applied === undefined || granted === undefined) throw new Error("no 2022 grant");
      const edited = [
        { ...granted, data: { ...(granted.data as object), grantedKronor: 3_240_000 } },
        ...later,
      ];
      const chain = rechain(edited, applied.hash);
      for (const [i, event] of edited.entries())
        await change(
          sql,
          `UPDATE ${S}.events SET data = $3, previous_hash = $4, hash = $5 WHERE stream_no = ${streamNo} AND stream_version = $2`,
          [
            streams.y2022,
            event.streamVersion,
            JSON.stringify(event.data),
            chain[i]?.previousHash,
            chain[i]?.hash,
          ],
        );
    });
    expect(await verifyJson(store)).toMatchObject({ code: 0, findings: [] });
    const findings = await expectReported(store, kept, [{ kind: "checkpoint" }]);
    expect(findings.map((f) => f.kind)).toEqual(["checkpoint"]);
    // So large a grant breaks a rule, too: the de minimis ceiling, for 2022 and the grants after it.
    await expectReported(
      store,
      kept,
      [{ kind: "rule", streamId: streams.y2022, streamVersion: 2, code: "DE_MINIMIS_EXCEEDED" }],
      "--rules",
      "stockholm",
    );
  });

  it.each([
    [
      "the grant's actor in its metadata",
      `metadata = jsonb_set(metadata::jsonb, '{actor}', '"case-officer"')::json`,
    ],
    [
      "the grant's command id",
      `metadata = jsonb_set(metadata::jsonb, '{commandId}', '"husby-konst-2022/grant-retry"')::json`,
    ],
    ["the grant's recorded_at, back-dated to the board meeting", "recorded_at = '2022-03-24T18:00:00.000Z'"],
    ["the grant's event id", `event_id = '${randomUUID()}'`],
  ])("%s changed is edited", async (_what, assignment) => {
    const store = await tampered((sql) =>
      change(
        sql,
        `UPDATE ${S}.events SET ${assignment} WHERE stream_no = ${streamNo} AND stream_version = 2`,
        [streams.y2022],
      ),
    );
    const findings = await expectReported(store, kept, [
      { kind: "edited", streamId: streams.y2022, streamVersion: 2 },
    ]);
    expect(findings.map((f) => f.kind)).toEqual(["edited"]);
  });

  it("the 2022 grant deleted from the middle of its agreement is deleted, and the checkpoint misses an event", async () => {
    const store = await tampered((sql) =>
      change(sql, `DELETE FROM ${S}.events WHERE stream_no = ${streamNo} AND stream_version = 2`, [
        streams.y2022,
      ]),
    );
    await expectReported(store, kept, [
      { kind: "deleted", streamId: streams.y2022, streamVersion: 3 },
      { kind: "deleted" },
    ]);
  });

  it("the 2022 grant deleted and the later events renumbered down is deleted", async () => {
    const store = await tampered(async (sql) => {
      await change(sql, `DELETE FROM ${S}.events WHERE stream_no = ${streamNo} AND stream_version = 2`, [
        streams.y2022,
      ]);
      for (const version of [3, 4])
        await change(
          sql,
          `UPDATE ${S}.events SET stream_version = $2 WHERE stream_no = ${streamNo} AND stream_version = $3`,
          [streams.y2022, version - 1, version],
        );
      await change(sql, `UPDATE ${S}.streams SET version = 3 WHERE stream_id = $1`, [streams.y2022]);
    });
    await expectReported(store, kept, [
      { kind: "deleted", streamId: streams.y2022, streamVersion: 2 },
      { kind: "deleted" },
    ]);
  });

  it("the last event of the store deleted passes verify alone (nothing inside a store can tell), and the kept checkpoint finds it", async () => {
    const store = await tampered(async (sql) => {
      await change(
        sql,
        `DELETE FROM ${S}.events WHERE position = (SELECT max(position) FROM ${S}.events)`,
        [],
      );
      await change(sql, `UPDATE ${S}.streams SET version = version - 1 WHERE stream_id = $1`, [
        streams.y2024,
      ]);
    });
    expect(await verifyJson(store)).toEqual({ code: 0, events: HUSBY_EVENTS - 1, findings: [] });
    const findings = await expectReported(store, kept, [{ kind: "deleted" }]);
    expect(findings).toEqual([
      expect.objectContaining({ kind: "deleted", message: expect.stringContaining("18 events") }),
    ]);
  });

  it("the whole 2022 agreement deleted passes verify alone, and the kept checkpoint finds it", async () => {
    const store = await tampered(async (sql) => {
      await change(sql, `DELETE FROM ${S}.events WHERE stream_no = ${streamNo}`, [streams.y2022], 4);
      await change(sql, `DELETE FROM ${S}.streams WHERE stream_id = $1`, [streams.y2022]);
    });
    expect(await verifyJson(store)).toMatchObject({ code: 0, events: HUSBY_EVENTS - 4 });
    const findings = await expectReported(store, kept, [{ kind: "deleted" }]);
    expect(findings.map((f) => f.kind)).toEqual(["deleted"]);
  });

  it("the two 2019 period reports swapped with their positions are reordered", async () => {
    const store = await tampered(async (sql) => {
      const [first, second] = [await position(sql, streams.y2019, 4), await position(sql, streams.y2019, 5)];
      const move = (to: number, from: number) =>
        change(sql, `UPDATE ${S}.events SET position = $1 WHERE position = $2`, [to, from]);
      await move(-1, first);
      await move(first, second);
      await move(second, -1);
    });
    await expectReported(store, kept, [
      { kind: "reordered", streamId: streams.y2019, streamVersion: 5 },
      { kind: "checkpoint" },
    ]);
  });

  it("a second 2022 grant, chained and hashed correctly, slipped into the middle of the log, is found by the lifecycle and the checkpoint", async () => {
    const store = await tampered(async (sql) => {
      const at = (await position(sql, streams.y2022, 4)) + 1;
      await makeRoomAt(sql, at);
      await insert(sql, secondGrant2022(await hashOf(sql, streams.y2022, 4)), at);
    });
    const findings = await expectReported(store, kept, [
      { kind: "lifecycle", streamId: streams.y2022, streamVersion: 5, code: "LIFECYCLE_VIOLATION" },
      { kind: "checkpoint" },
    ]);
    // The chain holds: nothing but the decider and the checkpoint can tell.
    expect(findings.map((f) => f.kind).sort()).toEqual(["checkpoint", "lifecycle"]);
  });

  it("an amendment to 3 240 000 kr that the decider would record, chained and hashed correctly, slipped into the middle of the log, is found by the checkpoint alone", async () => {
    const store = await tampered(async (sql) => {
      const at = (await position(sql, streams.y2022, 4)) + 1;
      await makeRoomAt(sql, at);
      await insert(sql, amendment2022(await hashOf(sql, streams.y2022, 4)), at);
    });
    expect(await verifyJson(store)).toMatchObject({ code: 0, findings: [] });
    const findings = await expectReported(store, kept, [{ kind: "checkpoint" }]);
    expect(findings.map((f) => f.kind)).toEqual(["checkpoint"]);
  });

  it("a 2025 agreement granted by Rinkeby-Kista, dissolved in 2023, appended after the checkpoint, is found by the Stockholm rules alone", async () => {
    const store = await tampered(async (sql) => {
      await change(
        sql,
        `INSERT INTO ${S}.streams (stream_key, stream_id, version) VALUES (sha256(convert_to($1::text, 'UTF8')), $1, 0)`,
        [HUSBY_2025],
      );
      const last = Number(await one<string>(sql, `SELECT max(position) FROM ${S}.events`, []));
      const forged = dissolvedCouncilAgreement();
      for (const [i, event] of forged.entries()) await insert(sql, event, last + 1 + i);
    });
    // Sound chain, sound lifecycle, and the checkpoint's 19 events are untouched.
    expect(await verifyJson(store, ...against(kept))).toEqual({
      code: 0,
      events: HUSBY_EVENTS + 2,
      findings: [],
    });
    expect(await verifyJson(store, "--rules", "generic")).toMatchObject({ code: 0, findings: [] });
    const findings = await expectReported(
      store,
      kept,
      [{ kind: "rule", streamId: HUSBY_2025, streamVersion: 2, code: "AUTHORITY_NOT_IN_FORCE" }],
      "--rules",
      "stockholm",
    );
    expect(findings.map((f) => f.kind)).toEqual(["rule"]);
  });

  it("the grant's data overwritten with JSON that is not an object (a json column takes no broken text) is a corrupt row", async () => {
    const store = await tampered((sql) =>
      change(
        sql,
        `UPDATE ${S}.events SET data = '[324000, 3240000]' WHERE stream_no = ${streamNo} AND stream_version = 2`,
        [streams.y2022],
      ),
    );
    await expectReported(store, kept, [
      { kind: "corrupt-row", streamId: streams.y2022, streamVersion: 2 },
      { kind: "checkpoint" },
    ]);
  });
});
