import {
  InvalidStoreInputError,
  type Json,
  ProjectionConflictError,
  type ProjectionSnapshot,
  type ProjectionStore,
} from "@iop/core";
import type Database from "better-sqlite3";
import type { SqliteConnection } from "./connection.js";
import { translateSqliteError } from "./errors.js";

type SnapshotRow = [version: number, checkpoint: number, state: string];

/**
 * Durable projection snapshots in the `projections` table of the event store's database, on
 * the same connection. Each save writes state and checkpoint in one statement that only
 * matches while the stored checkpoint is still the expected one, so two runners cannot both
 * move a projection from the same checkpoint.
 *
 * Get one with `SqliteEventStore.projections()`; it is closed with its event store.
 */
export class SqliteProjectionStore implements ProjectionStore {
  private readonly selectOne: Database.Statement<[string], SnapshotRow>;
  private readonly insertNew: Database.Statement<[string, number, number, string, string]>;
  private readonly updateIfAt: Database.Statement<[number, number, string, string, string, number]>;
  private readonly deleteOne: Database.Statement<[string]>;

  /** @internal Use `SqliteEventStore.projections()`. */
  constructor(private readonly connection: SqliteConnection) {
    const db = connection.db;
    this.selectOne = db
      .prepare<[string], SnapshotRow>("SELECT version, checkpoint, state FROM projections WHERE name = ?")
      .raw();
    this.insertNew = db.prepare(
      `INSERT INTO projections (name, version, checkpoint, state, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (name) DO NOTHING`,
    );
    this.updateIfAt = db.prepare(
      `UPDATE projections SET version = ?, checkpoint = ?, state = ?, updated_at = ?
       WHERE name = ? AND checkpoint = ?`,
    );
    this.deleteOne = db.prepare("DELETE FROM projections WHERE name = ?");
  }

  /** The saved snapshot, or `undefined` when none is saved. The state is a fresh copy. */
  async load(name: string): Promise<ProjectionSnapshot | undefined> {
    this.connection.assertOpen();
    assertName(name);
    const row = this.selectOne.get(name);
    if (row === undefined) return undefined;
    return { name, version: row[0], checkpoint: row[1], state: JSON.parse(row[2]) as Json };
  }

  /**
   * Saves state and checkpoint atomically, if the stored checkpoint is still
   * `expectedCheckpoint` (`null`: nothing saved yet).
   * @throws {ProjectionConflictError} when another runner saved (or deleted) in between.
   * @throws {InvalidStoreInputError} for a bad name, version, checkpoint or a state that is not JSON.
   */
  async save(snapshot: ProjectionSnapshot, expectedCheckpoint: number | null): Promise<void> {
    this.connection.assertOpen();
    const { name, version, checkpoint } = snapshot;
    assertName(name);
    assertInteger(version, "version", Number.MIN_SAFE_INTEGER);
    assertInteger(checkpoint, "checkpoint", 0);
    if (expectedCheckpoint !== null) assertInteger(expectedCheckpoint, "expectedCheckpoint", 0);
    const state = serialiseState(snapshot.state);
    const updatedAt = this.connection.clock().toISOString();
    let changes: number;
    try {
      changes =
        expectedCheckpoint === null
          ? this.insertNew.run(name, version, checkpoint, state, updatedAt).changes
          : this.updateIfAt.run(version, checkpoint, state, updatedAt, name, expectedCheckpoint).changes;
    } catch (error) {
      throw translateSqliteError(error);
    }
    if (changes === 0) throw new ProjectionConflictError(name, expectedCheckpoint);
  }

  /** Forgets the projection; forgetting an unknown one does nothing. */
  async delete(name: string): Promise<void> {
    this.connection.assertOpen();
    assertName(name);
    try {
      this.deleteOne.run(name);
    } catch (error) {
      throw translateSqliteError(error);
    }
  }
}

function assertName(name: unknown): asserts name is string {
  if (typeof name !== "string" || name.length === 0 || !name.isWellFormed() || name.includes("\u0000"))
    throw new InvalidStoreInputError("name", "must be a non-empty, well-formed string without NUL");
}

function assertInteger(value: unknown, field: string, min: number): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min)
    throw new InvalidStoreInputError(field, `must be an integer of at least ${min}`);
}

function serialiseState(state: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(state);
  } catch (error) {
    throw new InvalidStoreInputError("state", `must be JSON (${(error as Error).message})`);
  }
  if (json === undefined) throw new InvalidStoreInputError("state", "must be JSON");
  return json;
}
