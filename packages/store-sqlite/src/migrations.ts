import type Database from "better-sqlite3";
import { UnsupportedSchemaVersionError } from "./errors.js";
import { sealStoredEvents } from "./hash-chain-migration.js";

/** What a step's {@link Migration.run} did to the stored rows, for {@link MigrationResult}. */
export interface MigrationEffect {
  /** Events given their `previousHash` and `hash`. */
  readonly sealed: number;
}

/** One step of the schema. Steps run in order, each once, inside one write transaction. */
export interface Migration {
  /** 1, 2, 3…: contiguous, never reused, never edited once released. */
  readonly version: number;
  /** A short description, recorded in `schema_migrations`. */
  readonly name: string;
  /** The SQL that takes the schema from `version - 1` to `version`. */
  readonly sql: string;
  /**
   * Work SQL cannot do (computing hashes), run after {@link sql} in the same transaction: a
   * failure leaves the file at `version - 1`.
   */
  readonly run?: (db: Database.Database) => MigrationEffect;
}

/**
 * Every schema step, oldest first. Released steps are never changed: a new schema is a new
 * step at the end.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "events",
    // `global_position` is the rowid: strictly increasing because events are never deleted.
    // The unique index is both the per-stream read path and the last line of defence against
    // two writers giving out the same version.
    sql: `
      CREATE TABLE events (
        global_position INTEGER PRIMARY KEY,
        stream_id       TEXT    NOT NULL,
        stream_version  INTEGER NOT NULL CHECK (stream_version >= 1),
        event_id        TEXT    NOT NULL,
        type            TEXT    NOT NULL,
        schema_version  INTEGER NOT NULL,
        data            TEXT    NOT NULL,
        metadata        TEXT    NOT NULL,
        recorded_at     TEXT    NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX events_stream ON events (stream_id, stream_version);
    `,
  },
  {
    version: 2,
    name: "projections",
    sql: `
      CREATE TABLE projections (
        name       TEXT    PRIMARY KEY,
        version    INTEGER NOT NULL,
        checkpoint INTEGER NOT NULL,
        state      TEXT    NOT NULL,
        updated_at TEXT    NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: "unique event ids",
    // A stored event's id identifies it. A file that already repeats an id fails this step,
    // and the migration transaction leaves it at version 2, unchanged.
    sql: "CREATE UNIQUE INDEX events_event_id ON events (event_id);",
  },
  {
    version: 4,
    name: "hash chain",
    // SQLite adds a NOT NULL column only with a default; `run` replaces the '' of every stored
    // event with its hashes before the step commits, and every append writes both.
    sql: `
      ALTER TABLE events ADD COLUMN previous_hash TEXT NOT NULL DEFAULT '';
      ALTER TABLE events ADD COLUMN hash          TEXT NOT NULL DEFAULT '';
    `,
    run: sealStoredEvents,
  },
  {
    version: 5,
    name: "person keys",
    // One AES-256 key per person, for the personal data sealed in events. Destroying a key
    // keeps the row as a tombstone (key NULL, destroyed_at set), so no new key is ever made for
    // that person and an erasure cannot be undone by recording their data again.
    sql: `
      CREATE TABLE person_keys (
        person_id    TEXT PRIMARY KEY,
        key          BLOB CHECK (key IS NULL OR length(key) = 32),
        created_at   TEXT NOT NULL,
        destroyed_at TEXT,
        CHECK ((key IS NULL) = (destroyed_at IS NOT NULL))
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: "projection tables",
    // A projection's builds (the live one readers see through views, and one being built), the
    // tables each projection owns, and each build's state per group. `COLLATE BINARY` (the
    // default) orders groups by code unit, as every adapter does.
    sql: `
      CREATE TABLE projection_tables (
        name                TEXT PRIMARY KEY,
        live_generation     INTEGER,
        live_version        INTEGER,
        live_checkpoint     INTEGER,
        live_schemas        TEXT,
        building_generation INTEGER,
        building_version    INTEGER,
        building_checkpoint INTEGER,
        building_schemas    TEXT
      ) STRICT;
      CREATE TABLE projection_table_owners (
        table_name TEXT PRIMARY KEY,
        projection TEXT NOT NULL
      ) STRICT;
      CREATE TABLE projection_states (
        projection TEXT    NOT NULL,
        generation INTEGER NOT NULL,
        group_id   TEXT    NOT NULL,
        state      TEXT    NOT NULL,
        PRIMARY KEY (projection, generation, group_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];

/** The schema version this build of the package writes and reads. */
export const SCHEMA_VERSION: number = MIGRATIONS.length;

/** What {@link migrate} did. */
export interface MigrationResult {
  /** The schema version found when the database was opened (0: a new file). */
  readonly from: number;
  /** The schema version now ({@link SCHEMA_VERSION}). */
  readonly to: number;
  /** The versions applied by this call; empty when the schema was already current. */
  readonly applied: readonly number[];
  /**
   * Events written before the hash chain (schema 3 or older) that this call sealed into it,
   * computing each one's `previousHash` and `hash`; 0 when no step did.
   */
  readonly sealed: number;
}

/**
 * Brings the database to {@link SCHEMA_VERSION}. Idempotent: a current database costs one
 * `PRAGMA user_version` read and takes no lock. Otherwise the missing steps run in one
 * `BEGIN IMMEDIATE` transaction, so two processes opening a new file at once serialise and
 * the second finds nothing left to do.
 *
 * `schema_migrations` is the record of what ran (version, name, when); `PRAGMA user_version`
 * mirrors its highest version so opening needs no query of it.
 * @throws {UnsupportedSchemaVersionError} when the file was written by a newer schema.
 */
export function migrate(db: Database.Database, now: () => Date = () => new Date()): MigrationResult {
  const quick = userVersion(db);
  if (quick === SCHEMA_VERSION) return { from: quick, to: quick, applied: [], sealed: 0 };
  if (quick > SCHEMA_VERSION) throw new UnsupportedSchemaVersionError(quick, SCHEMA_VERSION);
  return db
    .transaction((): MigrationResult => {
      db.exec(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        applied_at TEXT NOT NULL
      ) STRICT;
    `);
      // Read again under the write lock: another process may have migrated meanwhile.
      const from = recordedSchemaVersion(db);
      if (from > SCHEMA_VERSION) throw new UnsupportedSchemaVersionError(from, SCHEMA_VERSION);
      const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
      const applied: number[] = [];
      let sealed = 0;
      for (const step of MIGRATIONS) {
        if (step.version <= from) continue;
        db.exec(step.sql);
        if (step.run !== undefined) sealed += step.run(db).sealed;
        record.run(step.version, step.name, now().toISOString());
        applied.push(step.version);
      }
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      return { from, to: SCHEMA_VERSION, applied, sealed };
    })
    .immediate();
}

/** The highest version recorded in `schema_migrations` (0 when the table is missing or empty). */
export function recordedSchemaVersion(db: Database.Database): number {
  const table = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
    .pluck()
    .get();
  if (table === undefined) return 0;
  return (db.prepare("SELECT MAX(version) FROM schema_migrations").pluck().get() as number | null) ?? 0;
}

/**
 * Throws {@link UnsupportedSchemaVersionError} if the file says it was written by a newer schema
 * (by `PRAGMA user_version`); reads only, so it can run before anything changes the file.
 */
export function assertSchemaSupported(db: Database.Database): void {
  const found = userVersion(db);
  if (found > SCHEMA_VERSION) throw new UnsupportedSchemaVersionError(found, SCHEMA_VERSION);
}

/**
 * The schema version the file says it has, without changing it: the higher of `PRAGMA
 * user_version` and the record in `schema_migrations` (0: no schema, not an event store).
 */
export function foundSchemaVersion(db: Database.Database): number {
  return Math.max(userVersion(db), recordedSchemaVersion(db));
}

function userVersion(db: Database.Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}
