import { type DriverAppend, EMPTY_HEAD, type SealedEvent, sealBatch } from "@iop/core/adapter-kit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SCHEMA_VERSION } from "./migrations.js";
import { SqliteDriver } from "./sqlite-driver.js";
import { tempDatabase } from "./test-workers/temp-db.js";

const STREAM = "agreement-husby-konst-2022";

/** `count` events sealed onto a new stream, a minute apart, as the core would hand them over. */
function sealed(count: number): SealedEvent[] {
  const prepared = Array.from({ length: count }, (_, i) => ({
    eventId: `0190f0c2-0000-7000-8000-${String(i).padStart(12, "0")}`,
    type: i === 0 ? "Applied" : "PeriodReported",
    schemaVersion: 1,
    dataJson: `{"amount":${1000 + i},"note":"Husby åäö"}`,
    metadataJson: i % 2 === 0 ? "{}" : '{"actor":"handläggare-7"}',
  }));
  return sealBatch(STREAM, EMPTY_HEAD, prepared, (i) => new Date(Date.UTC(2022, 2, 24, 20, i)).toISOString());
}

function appendOf(events: readonly SealedEvent[]): DriverAppend {
  const before = (events[0]?.streamVersion ?? 1) - 1;
  return {
    streamId: STREAM,
    expectedVersion: before === 0 ? "no-stream" : before,
    accepts: (actual) => actual === before,
    events,
  };
}

describe("the SQLite driver", () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  let driver: SqliteDriver;
  beforeEach(async () => {
    temp = await tempDatabase();
    driver = new SqliteDriver({ path: temp.path, synchronous: "normal" });
    await driver.open();
  });
  afterEach(async () => {
    await driver.close();
    await temp.remove();
  });

  it("writes every sealed field as given and returns it unchanged, across insert chunks", async () => {
    // 100 events: chunks of 64, 32 and 4 rows.
    const events = sealed(100);
    const outcome = await driver.append(appendOf(events));
    expect(outcome).toMatchObject({ outcome: "appended", streamVersion: 100 });
    const positions = outcome.outcome === "appended" ? outcome.globalPositions : [];
    expect(positions).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const expected = events.map(({ dataJson, metadataJson, ...event }, i) => ({
      ...event,
      streamId: STREAM,
      globalPosition: positions[i],
      data: dataJson,
      metadata: metadataJson,
    }));
    const read = { streamId: STREAM, fromVersion: 1, limit: 1000 };
    expect(await driver.readStream({ ...read, direction: "forwards" })).toEqual(expected);
    expect(await driver.readStream({ ...read, direction: "backwards", fromVersion: 100 })).toEqual(
      [...expected].reverse(),
    );
    expect(await driver.readAll({ after: 0, limit: 1000 })).toEqual(expected);
  });

  it("writes nothing when the stream is not at the version before the batch", async () => {
    const [first, second] = sealed(2) as [SealedEvent, SealedEvent];
    await driver.append(appendOf([first]));
    expect(await driver.append(appendOf([first, second]))).toEqual({ outcome: "conflict", actualVersion: 1 });
    const rows = await driver.readAll({ after: 0, limit: 10 });
    expect(rows.map((r) => r.hash)).toEqual([first.hash]);
  });

  it("reports a version-index violation as a conflict when the stream has moved since the check", async () => {
    // A trigger claims version 2 as the batch inserts it; `accepts` plays the stream having moved
    // by the time the driver looks again (a writer past a lock that did not hold).
    driver.database.exec(`
      CREATE TRIGGER steal_version BEFORE INSERT ON events WHEN NEW.stream_version = 2
      BEGIN
        INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at)
        VALUES (NEW.stream_id, 2, 'x', 'Other', 1, '{}', '{}', '2020-01-01T00:00:00.000Z');
      END;
    `);
    let checks = 0;
    const outcome = await driver.append({ ...appendOf(sealed(3)), accepts: () => ++checks === 1 });
    expect(outcome).toEqual({ outcome: "conflict", actualVersion: 0 });
    expect(checks).toBe(2);
    expect(await driver.readAll({ after: 0, limit: 10 })).toEqual([]);
  });

  it("reports what opening did to the schema, and nothing for a read-only open", async () => {
    expect(driver.migration).toMatchObject({ from: 0, to: SCHEMA_VERSION, sealed: 0 });
    expect(driver.migration?.applied).toHaveLength(SCHEMA_VERSION);
    const again = new SqliteDriver({ path: temp.path });
    expect(again.migration).toBeUndefined();
    await again.open();
    expect(again.migration).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION, applied: [], sealed: 0 });
    await again.close();
    const audit = new SqliteDriver({ path: temp.path, readOnly: true });
    await audit.open();
    expect(audit.migration).toBeUndefined();
    await audit.close();
  });
});
