import { newPersonKey, type PersonKeyStore } from "@iop/core";
import { checkPersonId, driverFailure } from "@iop/core/adapter-kit";
import type Database from "better-sqlite3";
import type { SqliteConnection } from "./connection.js";
import { classifySqliteFailure, failWith } from "./sqlite-failure.js";

type KeyRow = [key: Buffer | null];
type CheckpointRow = { busy: number; log: number; checkpointed: number };

/** What a failed clean-up after a committed destroy means, for its message. */
const DESTROYED_NOT_CLEANED =
  "the key is destroyed, but copies of it may remain in the -wal file or freed pages until destroy runs again for this person";

/**
 * The person keys in the `person_keys` table of the event store's file, on the same connection
 * (`store.driver.personKeys`), for `protectPersonalData`. A destroyed key leaves a tombstone
 * row (the person id, when it was destroyed), so no new key is ever made for that person.
 *
 * Destroying a key sets it NULL in one transaction, on a connection that overwrites deleted
 * content (`PRAGMA secure_delete`), then checkpoints the WAL into the file and truncates it
 * (`wal_checkpoint(TRUNCATE)`) and rebuilds the file (`VACUUM`), so no copy of the key is left
 * in the file, its `-wal` or its freed pages. `VACUUM` rewrites the whole file: an erasure costs
 * time and free disk space in proportion to the store's size. What is not reached: backups and
 * copies of the file, and blocks the file system or disk freed but did not overwrite.
 *
 * Two processes making the same person's key at once get the same key: the first insert wins
 * and both read it back. On a store opened read-only, reading keys works, and making or
 * destroying one throws `StoreReadOnlyError`.
 */
export class SqlitePersonKeyStore implements PersonKeyStore {
  private readonly selectKey: Database.Statement<[string], KeyRow>;
  private readonly selectDestroyed: Database.Statement<[string], number>;
  private readonly insertKey: Database.Statement<[string, Buffer, string]>;
  private readonly tombstone: Database.Statement<[string, string, string]>;

  /** @internal Made by `SqliteDriver` when it opens. */
  constructor(private readonly connection: SqliteConnection) {
    const db = connection.db;
    this.selectKey = db.prepare<[string], KeyRow>("SELECT key FROM person_keys WHERE person_id = ?").raw();
    this.selectDestroyed = db
      .prepare<[string], number>("SELECT destroyed_at IS NOT NULL FROM person_keys WHERE person_id = ?")
      .pluck();
    this.insertKey = db.prepare(
      "INSERT INTO person_keys (person_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT (person_id) DO NOTHING",
    );
    this.tombstone = db.prepare(
      `INSERT INTO person_keys (person_id, key, created_at, destroyed_at) VALUES (?, NULL, ?, ?)
       ON CONFLICT (person_id) DO UPDATE SET key = NULL, destroyed_at = coalesce(destroyed_at, excluded.destroyed_at)`,
    );
  }

  /**
   * The person's key; with `create`, a new one is made first when the person has none and never
   * had one destroyed. `undefined` when there is none (or it was destroyed).
   * @throws {InvalidStoreInputError} on `personId` for an id that is not a pseudonymous person id.
   * @throws {StoreReadOnlyError} when a key would be made on a store opened read-only.
   */
  async key(personId: string, { create }: { readonly create: boolean }): Promise<Buffer | undefined> {
    return this.run(() => {
      this.connection.assertOpen();
      const id = checkPersonId(personId);
      const row = this.selectKey.get(id);
      if (row !== undefined || !create) return row?.[0] ?? undefined;
      this.connection.assertWritable();
      const key = newPersonKey();
      // Another connection may insert first: its key (or its tombstone) is the one.
      if (this.insertKey.run(id, key, this.now()).changes === 0) key.fill(0);
      return this.selectKey.get(id)?.[0] ?? undefined;
    });
  }

  /**
   * Destroys the person's key and cleans the file of every copy of it (see the class); `false`
   * when there was none. The person stays marked destroyed, so no key is made for them again.
   * Idempotent: running it again for a destroyed person repeats the clean-up.
   * @throws {StoreUnavailableError} when another connection holds the lock, or reads an older
   *   snapshot so the WAL cannot be truncated; if the key was destroyed already, the message
   *   says so, and running destroy again finishes the clean-up.
   * @throws {StoreReadOnlyError} on a store opened read-only.
   */
  async destroy(personId: string): Promise<boolean> {
    return this.run(() => {
      this.connection.assertOpen();
      const id = checkPersonId(personId);
      this.connection.assertWritable();
      const db = this.connection.db;
      const had = db
        .transaction(() => {
          const existed = this.selectKey.get(id)?.[0] != null;
          const now = this.now();
          this.tombstone.run(id, now, now);
          return existed;
        })
        .immediate();
      this.cleanUp(db);
      return had;
    });
  }

  /** Whether the person's key was destroyed (their tombstone row), as opposed to never made. */
  async destroyed(personId: string): Promise<boolean> {
    return this.run(() => {
      this.connection.assertOpen();
      return this.selectDestroyed.get(checkPersonId(personId)) === 1;
    });
  }

  /**
   * Leaves no copy of a destroyed key: the WAL's pages go into the file and the WAL is cut to
   * nothing (so the rebuild starts an empty one), the file is rebuilt from its live rows, and
   * that rebuild goes into the file too. Neither step can run inside a transaction.
   */
  private cleanUp(db: Database.Database): void {
    try {
      this.checkpoint(db);
      db.exec("VACUUM");
      this.checkpoint(db);
    } catch (error) {
      const failure = classifySqliteFailure(error, this.connection.path);
      if (failure === undefined) throw error;
      failWith(failure.kind, `${failure.detail}: ${DESTROYED_NOT_CLEANED}`);
    }
  }

  private checkpoint(db: Database.Database): void {
    const [result] = db.pragma("wal_checkpoint(TRUNCATE)") as CheckpointRow[];
    if (result !== undefined && result.busy !== 0)
      failWith(
        "unavailable",
        "another connection is reading an older snapshot, so the WAL cannot be emptied",
      );
  }

  private now(): string {
    return this.connection.clock().toISOString();
  }

  private run<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw driverFailure(
        { name: "SQLite person key store", classify: (e) => classifySqliteFailure(e, this.connection.path) },
        error,
      );
    }
  }
}
