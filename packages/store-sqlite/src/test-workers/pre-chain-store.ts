import Database from "better-sqlite3";
import { MIGRATIONS } from "../migrations.js";

/** The last schema before the hash chain. */
export const PRE_CHAIN_SCHEMA = 3;

/** An event as a release before the hash chain wrote it: data and metadata as stored text. */
export interface PreChainRow {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly metadata: string;
  readonly recordedAt: string;
}

/** Brings a new file to `version` by hand with the released SQL, as that release would have left it. */
export function migrateTo(db: Database.Database, version: number): void {
  db.exec(
    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT",
  );
  const record = db.prepare("INSERT INTO schema_migrations VALUES (?, ?, '2020-01-01T00:00:00.000Z')");
  for (const step of MIGRATIONS.slice(0, version)) {
    db.exec(step.sql);
    record.run(step.version, step.name);
  }
  db.pragma(`user_version = ${version}`);
}

/**
 * Writes a store at schema 3 holding `rows`, inserted in the order given (their global
 * positions), in WAL mode and closed, as a release before the hash chain left it.
 */
export function writePreChainStore(path: string, rows: readonly PreChainRow[]): void {
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    migrateTo(db, PRE_CHAIN_SCHEMA);
    const insert = db.prepare(
      `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at)
       VALUES (@streamId, @streamVersion, @eventId, @type, @schemaVersion, @data, @metadata, @recordedAt)`,
    );
    db.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
  } finally {
    db.close();
  }
}

/**
 * Two agreement streams as the old store wrote them, interleaved in global order; data keys in
 * the order the old serialiser kept (not sorted), so sealing must hash the canonical form.
 */
export const PRE_CHAIN_ROWS: readonly PreChainRow[] = [
  {
    streamId: "agreement-husby-konst-2022",
    streamVersion: 1,
    eventId: "0190f0c2-1a00-7000-8000-000000000001",
    type: "Applied",
    schemaVersion: 1,
    data: '{"agreementId":"husby-konst-2022","organisation":"Husby Konst","requestedKronor":850000,"period":{"start":"2022-01-01","end":"2022-12-31"},"purpose":"Förebyggande insatser för barn och unga"}',
    metadata: '{"actor":"handläggare-7","commandId":"c-1"}',
    recordedAt: "2021-11-15T09:12:00.000Z",
  },
  {
    streamId: "agreement-rinkeby-kista-2022",
    streamVersion: 1,
    eventId: "0190f0c2-1a00-7000-8000-000000000002",
    type: "Applied",
    schemaVersion: 1,
    data: '{"agreementId":"rinkeby-kista-2022","organisation":"Kista Fritid","requestedKronor":420000.5,"period":{"start":"2022-01-01","end":"2022-12-31"}}',
    metadata: "{}",
    recordedAt: "2021-11-20T14:00:00.000Z",
  },
  {
    streamId: "agreement-husby-konst-2022",
    streamVersion: 2,
    eventId: "0190f0c2-1a00-7000-8000-000000000003",
    type: "Granted",
    schemaVersion: 1,
    data: '{"grantedKronor":800000,"decidedOn":"2022-01-20","signatories":["Åsa Öberg","Lars Ek"]}',
    metadata: '{"effectiveDate":"2022-01-20","actor":"nämnden"}',
    recordedAt: "2022-01-20T16:30:00.000Z",
  },
  {
    streamId: "agreement-rinkeby-kista-2022",
    streamVersion: 2,
    eventId: "0190f0c2-1a00-7000-8000-000000000004",
    type: "Granted",
    schemaVersion: 1,
    data: '{"signatories":["Åsa Öberg"],"grantedKronor":400000,"decidedOn":"2022-01-20"}',
    metadata: "{}",
    recordedAt: "2022-01-20T16:31:00.000Z",
  },
  {
    streamId: "agreement-husby-konst-2022",
    streamVersion: 3,
    eventId: "0190f0c2-1a00-7000-8000-000000000005",
    type: "PeriodReported",
    schemaVersion: 2,
    data: '{"participants":212,"note":"Art Camp 🎨 och Konstakuten"}',
    metadata: '{"actor":"husby-konst"}',
    recordedAt: "2023-02-28T08:00:00.000Z",
  },
];
