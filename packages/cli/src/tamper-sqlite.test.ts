import { randomUUID } from "node:crypto";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HashedEnvelope } from "@iop/core";
import { openSqliteStore } from "@iop/store-sqlite";
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

/** The better-sqlite3 connection to a file: SQL straight on its tables, past every check of the store. */
type Sql = Awaited<ReturnType<typeof openSqliteStore>>["driver"]["database"];

const position = (db: Sql, streamId: string, version: number): number =>
  db
    .prepare("SELECT global_position FROM events WHERE stream_id = ? AND stream_version = ?")
    .pluck()
    .get(streamId, version) as number;

const hashOf = (db: Sql, streamId: string, version: number): string =>
  db
    .prepare("SELECT hash FROM events WHERE stream_id = ? AND stream_version = ?")
    .pluck()
    .get(streamId, version) as string;

/** A stream's events as the hash sees them, in version order. */
function envelopes(db: Sql, streamId: string): (HashedEnvelope & { hash: string })[] {
  const rows = db
    .prepare(
      `SELECT event_id, stream_version, type, schema_version, data, metadata, recorded_at, hash
         FROM events WHERE stream_id = ? ORDER BY stream_version`,
    )
    .all(streamId) as Record<string, string | number>[];
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

/** Moves every event from `from` on one position up, the last first (positions are unique). */
function makeRoomAt(db: Sql, from: number): void {
  const later = db
    .prepare("SELECT global_position FROM events WHERE global_position >= ? ORDER BY global_position DESC")
    .pluck()
    .all(from) as number[];
  const move = db.prepare(
    "UPDATE events SET global_position = global_position + 1 WHERE global_position = ?",
  );
  for (const p of later) move.run(p);
}

function insert(db: Sql, event: ForgedEvent, at: number): void {
  db.prepare(
    `INSERT INTO events (global_position, stream_id, stream_version, event_id, type, schema_version, data,
                         metadata, recorded_at, previous_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    at,
    event.streamId,
    event.streamVersion,
    event.eventId,
    event.type,
    event.schemaVersion,
    event.data,
    event.metadata,
    event.recordedAt,
    event.previousHash,
    event.hash,
  );
}

/** Runs one statement that must change exactly `rows` rows. */
function change(db: Sql, sql: string, parameters: unknown[], rows = 1): void {
  expect(db.prepare(sql).run(...parameters).changes).toBe(rows);
}

describe("iop verify of an SQLite file edited behind the store's back", () => {
  let dir: string;
  let recorded: string;
  let kept: KeptCheckpoint;
  let copies = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-tamper-sqlite-"));
    recorded = join(dir, "husby.db");
    expect((await iop("--store", `sqlite:${recorded}`, "record", await husbyCommandsFile(dir))).code).toBe(0);
    kept = await keepCheckpoint(`sqlite:${recorded}`, dir);
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A fresh copy of the recorded file, edited with `edit`; resolves to its `--store`. */
  async function tampered(edit: (db: Sql) => void): Promise<string> {
    const path = join(dir, `copy-${++copies}.db`);
    await copyFile(recorded, path);
    const store = await openSqliteStore({ path, create: false });
    try {
      const db = store.driver.database;
      db.transaction(() => edit(db))();
    } finally {
      await store.close();
    }
    return `sqlite:${path}`;
  }

  it("an untouched store verifies with exit 0: alone, against the kept checkpoint, and under the Stockholm rules", async () => {
    const store = `sqlite:${recorded}`;
    for (const args of [
      [],
      against(kept),
      ["--rules", "stockholm"],
      [...against(kept), "--rules", "stockholm"],
    ])
      expect(await verifyJson(store, ...args)).toEqual({ code: 0, events: HUSBY_EVENTS, findings: [] });
    expect(await iop("--store", store, "verify", ...against(kept))).toMatchObject({
      code: 0,
      err: "",
      out: expect.stringContaining(
        `${HUSBY_EVENTS} events read, 4 agreements verified, checked against the checkpoint of revisionen.stockholm.se at ${HUSBY_EVENTS} events: no findings.`,
      ),
    });
  });

  it("the 2022 grant raised from 324 000 to 3 240 000 kr is edited (and show would believe it)", async () => {
    const store = await tampered((db) =>
      change(
        db,
        "UPDATE events SET data = json_set(data, '$.grantedKronor', 3240000) WHERE stream_id = ? AND stream_version = 2",
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
    const store = await tampered((db) => {
      const [applied, granted, ...later] = envelopes(db, streams.y2022);
      if (applied === undefined || granted === undefined) throw new Error("no 2022 grant");
      const edited = [
        { ...granted, data: { ...(granted.data as object), grantedKronor: 3_240_000 } },
        ...later,
      ];
      const update = db.prepare(
        "UPDATE events SET data = ?, previous_hash = ?, hash = ? WHERE stream_id = ? AND stream_version = ?",
      );
      rechain(edited, applied.hash).forEach(({ previousHash, hash }, i) => {
        const event = edited[i] as HashedEnvelope;
        expect(
          update.run(JSON.stringify(event.data), previousHash, hash, streams.y2022, event.streamVersion)
            .changes,
        ).toBe(1);
      });
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
      "UPDATE events SET metadata = json_set(metadata, '$.actor', 'case-officer')",
    ],
    [
      "the grant's command id",
      "UPDATE events SET metadata = json_set(metadata, '$.commandId', 'husby-konst-2022/grant-retry')",
    ],
    [
      "the grant's recorded_at, back-dated to the board meeting",
      "UPDATE events SET recorded_at = '2022-03-24T18:00:00.000Z'",
    ],
    ["the grant's event id", `UPDATE events SET event_id = '${randomUUID()}'`],
  ])("%s changed is edited", async (_what, update) => {
    const store = await tampered((db) =>
      change(db, `${update} WHERE stream_id = ? AND stream_version = 2`, [streams.y2022]),
    );
    const findings = await expectReported(store, kept, [
      { kind: "edited", streamId: streams.y2022, streamVersion: 2 },
    ]);
    expect(findings.map((f) => f.kind)).toEqual(["edited"]);
  });

  it("the 2022 grant deleted from the middle of its agreement is deleted, and the checkpoint misses an event", async () => {
    const store = await tampered((db) =>
      change(db, "DELETE FROM events WHERE stream_id = ? AND stream_version = 2", [streams.y2022]),
    );
    await expectReported(store, kept, [
      { kind: "deleted", streamId: streams.y2022, streamVersion: 3 },
      { kind: "deleted" },
    ]);
  });

  it("the 2022 grant deleted and the later events renumbered down is deleted", async () => {
    const store = await tampered((db) => {
      change(db, "DELETE FROM events WHERE stream_id = ? AND stream_version = 2", [streams.y2022]);
      for (const version of [3, 4])
        change(db, "UPDATE events SET stream_version = ? WHERE stream_id = ? AND stream_version = ?", [
          version - 1,
          streams.y2022,
          version,
        ]);
    });
    await expectReported(store, kept, [
      { kind: "deleted", streamId: streams.y2022, streamVersion: 2 },
      { kind: "deleted" },
    ]);
  });

  it("the last event of the store deleted passes verify alone (nothing inside a store can tell), and the kept checkpoint finds it", async () => {
    const store = await tampered((db) =>
      change(db, "DELETE FROM events WHERE global_position = (SELECT max(global_position) FROM events)", []),
    );
    expect(await verifyJson(store)).toEqual({ code: 0, events: HUSBY_EVENTS - 1, findings: [] });
    const findings = await expectReported(store, kept, [{ kind: "deleted" }]);
    expect(findings).toEqual([
      expect.objectContaining({ kind: "deleted", message: expect.stringContaining("18 events") }),
    ]);
  });

  it("the whole 2022 agreement deleted passes verify alone, and the kept checkpoint finds it", async () => {
    const store = await tampered((db) =>
      change(db, "DELETE FROM events WHERE stream_id = ?", [streams.y2022], 4),
    );
    expect(await verifyJson(store)).toMatchObject({ code: 0, events: HUSBY_EVENTS - 4 });
    const findings = await expectReported(store, kept, [{ kind: "deleted" }]);
    expect(findings.map((f) => f.kind)).toEqual(["deleted"]);
  });

  it("the two 2019 period reports swapped with their positions are reordered", async () => {
    const store = await tampered((db) => {
      const [first, second] = [position(db, streams.y2019, 4), position(db, streams.y2019, 5)];
      const move = db.prepare("UPDATE events SET global_position = ? WHERE global_position = ?");
      move.run(-1, first);
      move.run(first, second);
      move.run(second, -1);
    });
    await expectReported(store, kept, [
      { kind: "reordered", streamId: streams.y2019, streamVersion: 5 },
      { kind: "checkpoint" },
    ]);
  });

  it("a second 2022 grant, chained and hashed correctly, slipped into the middle of the log, is found by the lifecycle and the checkpoint", async () => {
    const store = await tampered((db) => {
      const at = position(db, streams.y2022, 4) + 1;
      makeRoomAt(db, at);
      insert(db, secondGrant2022(hashOf(db, streams.y2022, 4)), at);
    });
    const findings = await expectReported(store, kept, [
      { kind: "lifecycle", streamId: streams.y2022, streamVersion: 5, code: "LIFECYCLE_VIOLATION" },
      { kind: "checkpoint" },
    ]);
    // The chain holds: nothing but the decider and the checkpoint can tell.
    expect(findings.map((f) => f.kind).sort()).toEqual(["checkpoint", "lifecycle"]);
  });

  it("an amendment to 3 240 000 kr that the decider would record, chained and hashed correctly, slipped into the middle of the log, is found by the checkpoint alone", async () => {
    const store = await tampered((db) => {
      const at = position(db, streams.y2022, 4) + 1;
      makeRoomAt(db, at);
      insert(db, amendment2022(hashOf(db, streams.y2022, 4)), at);
    });
    expect(await verifyJson(store)).toMatchObject({ code: 0, findings: [] });
    const findings = await expectReported(store, kept, [{ kind: "checkpoint" }]);
    expect(findings.map((f) => f.kind)).toEqual(["checkpoint"]);
  });

  it("a 2025 agreement granted by Rinkeby-Kista, dissolved in 2023, appended after the checkpoint, is found by the Stockholm rules alone", async () => {
    const store = await tampered((db) => {
      const last = db.prepare("SELECT max(global_position) FROM events").pluck().get() as number;
      for (const [i, event] of dissolvedCouncilAgreement().entries()) insert(db, event, last + 1 + i);
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

  it("the grant's data overwritten with text that is not JSON is a corrupt row", async () => {
    const store = await tampered((db) =>
      change(
        db,
        `UPDATE events SET data = '{"grantedKronor": 3240000' WHERE stream_id = ? AND stream_version = 2`,
        [streams.y2022],
      ),
    );
    await expectReported(store, kept, [
      { kind: "corrupt-row", streamId: streams.y2022, streamVersion: 2 },
      { kind: "checkpoint" },
    ]);
  });
});
