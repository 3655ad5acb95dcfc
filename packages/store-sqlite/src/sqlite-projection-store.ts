import { type Json, ProjectionConflictError, type ProjectionSnapshot, type ProjectionStore } from "@iop/core";
import { assertProjectionName, driverFailure, prepareProjectionSave } from "@iop/core/adapter-kit";
import type Database from "better-sqlite3";
import type { SqliteConnection } from "./connection.js";
import { classifySqliteFailure } from "./sqlite-failure.js";

type SnapshotRow = [version: number, checkpoint: number, state: string];

/** A failed projection call as the port's typed error, the core's way, named for this store. */
function projectionFailure(error: unknown, path: string): Error {
  return driverFailure(
    { name: "SQLite projection store", classify: (e) => classifySqliteFailure(e, path) },
    error,
  );
}

/**
 * Durable projection snapshots in the `projections` table of the event store's database, on
 * the same connection. Each save writes state and checkpoint in one statement that only
 * matches while the stored checkpoint is still the expected one, so two runners cannot both
 * move a projection from the same checkpoint.
 *
 * Reach it as `store.projections`; it is closed with its store. On a store opened read-only,
 * `load` works and `save` and `delete` throw `StoreReadOnlyError`.
 */
export class SqliteProjectionStore implements ProjectionStore {
  private readonly selectOne: Database.Statement<[string], SnapshotRow>;
  private readonly insertNew: Database.Statement<[string, number, number, string, string]>;
  private readonly updateIfAt: Database.Statement<[number, number, string, string, string, number]>;
  private readonly deleteOne: Database.Statement<[string]>;

  /** @internal Made by `SqliteDriver` when it opens. */
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
    return this.run(() => {
      this.connection.assertOpen();
      assertProjectionName(name);
      const row = this.selectOne.get(name);
      if (row === undefined) return undefined;
      return { name, version: row[0], checkpoint: row[1], state: JSON.parse(row[2]) as Json };
    });
  }

  /**
   * Saves state and checkpoint atomically, if the stored checkpoint is still
   * `expectedCheckpoint` (`null`: nothing saved yet).
   * @throws {ProjectionConflictError} when another runner saved (or deleted) in between.
   * @throws {InvalidStoreInputError} for a bad name, version, checkpoint or a state that is not JSON.
   * @throws {StoreReadOnlyError} when the store was opened read-only.
   */
  async save(snapshot: ProjectionSnapshot, expectedCheckpoint: number | null): Promise<void> {
    return this.run(() => {
      this.connection.assertOpen();
      const { stateJson: state } = prepareProjectionSave(snapshot, expectedCheckpoint);
      this.connection.assertWritable();
      const { name, version, checkpoint } = snapshot;
      const updatedAt = this.connection.clock().toISOString();
      const changes =
        expectedCheckpoint === null
          ? this.insertNew.run(name, version, checkpoint, state, updatedAt).changes
          : this.updateIfAt.run(version, checkpoint, state, updatedAt, name, expectedCheckpoint).changes;
      if (changes === 0) throw new ProjectionConflictError(name, expectedCheckpoint);
    });
  }

  /**
   * Forgets the projection; forgetting an unknown one does nothing.
   * @throws {StoreReadOnlyError} when the store was opened read-only.
   */
  async delete(name: string): Promise<void> {
    return this.run(() => {
      this.connection.assertOpen();
      assertProjectionName(name);
      this.connection.assertWritable();
      this.deleteOne.run(name);
    });
  }

  private run<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw projectionFailure(error, this.connection.path);
    }
  }
}
