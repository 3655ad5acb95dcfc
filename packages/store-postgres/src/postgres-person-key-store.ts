import { newPersonKey, type PersonKeyStore } from "@iop/core";
import { checkPersonId, type DriverFailure, driverFailure } from "@iop/core/adapter-kit";
import { classifyPostgresError } from "./classify.js";
import type { Database } from "./database.js";
import { type KeyRow, type PersonKeySql, personKeySql, personKeyStatement } from "./person-key-statements.js";
import { named, type Statement } from "./sql.js";

/**
 * How long the clean-up waits for the table's lock. `VACUUM (FULL)` needs it alone, and every
 * key read queues behind it while it waits, so it gives up rather than stall them.
 */
const VACUUM_LOCK_TIMEOUT_MS = 5_000;
const SET_LOCK_TIMEOUT = { ...named(`SET lock_timeout = ${VACUUM_LOCK_TIMEOUT_MS}`), values: [] };
const RESET_LOCK_TIMEOUT = { ...named("RESET lock_timeout"), values: [] };
/** SQLSTATE of a lock wait that ran into `lock_timeout`. */
const LOCK_NOT_AVAILABLE = "55P03";

/** What a failed clean-up after a committed destroy means, for its message. */
const DESTROYED_NOT_CLEANED =
  "the key is destroyed, but its old row version may remain in the table's file until destroy runs again for this person";

/** A failure of the clean-up, named already. */
class CleanUpFailure extends Error {
  constructor(readonly failure: DriverFailure) {
    super(failure.detail);
  }
}

function classify(error: unknown): DriverFailure | undefined {
  if (error instanceof CleanUpFailure) return error.failure;
  if ((error as { code?: unknown } | null)?.code === LOCK_NOT_AVAILABLE)
    return { kind: "unavailable", detail: `${LOCK_NOT_AVAILABLE} ${(error as Error).message}` };
  return classifyPostgresError(error);
}

const KEYS = { name: "PostgreSQL person key store", classify };

const toKey = (row: KeyRow | undefined): Buffer | undefined =>
  row?.key == null ? undefined : Buffer.from(row.key, "hex");

/**
 * The person keys in `<schema>.person_keys`, on the event store's pool (`store.driver.personKeys`),
 * for `protectPersonalData`. A destroyed key leaves a tombstone row (the person id, when it was
 * destroyed), so no new key is ever made for that person.
 *
 * Destroying a key sets it NULL, then rewrites the table from its live rows (`VACUUM (FULL)`,
 * which cannot run in a transaction), so no row version in the table's file holds it. What it
 * cannot reach: the write-ahead log (segments until recycled, WAL archives), base backups and
 * dumps, the blocks of the table's old file, which the file system frees but need not overwrite,
 * and a transaction open since before the erasure, whose snapshot keeps the old row version
 * through the rewrite (destroy again once it has ended). `VACUUM (FULL)` needs the table's owner
 * (or, from PostgreSQL 17, the MAINTAIN privilege); without it destroy says so.
 *
 * Two clients making the same person's key at once get the same key: the first insert wins and
 * the other reads it. Failures are the port's typed errors (a read-only server's
 * `StoreReadOnlyError` when a key would be made or destroyed).
 */
export class PostgresPersonKeyStore implements PersonKeyStore {
  private readonly sql: PersonKeySql;

  /** @internal Made by `PostgresDriver`, on its pool and schema; closed with it. */
  constructor(private readonly db: Database) {
    this.sql = personKeySql(db.quoted);
  }

  /**
   * The person's key; with `create`, a new one is made first when the person has none and never
   * had one destroyed. `undefined` when there is none (or it was destroyed).
   * @throws {InvalidStoreInputError} on `personId` for an id that is not a pseudonymous person id.
   */
  async key(personId: string, { create }: { readonly create: boolean }): Promise<Buffer | undefined> {
    this.db.assertOpen();
    const id = checkPersonId(personId);
    const [row] = await this.run<KeyRow>(personKeyStatement(this.sql.select, id));
    if (row !== undefined || !create) return toKey(row);
    const key = newPersonKey().toString("hex");
    const [inserted] = await this.run<KeyRow>(personKeyStatement(this.sql.insert, id, key));
    if (inserted !== undefined) return toKey(inserted);
    // Another client inserted first (a key or a tombstone), committed: a new statement sees it.
    const [theirs] = await this.run<KeyRow>(personKeyStatement(this.sql.select, id));
    return toKey(theirs);
  }

  /**
   * Destroys the person's key and rewrites the table without it (see the class); `false` when
   * there was none. The person stays marked destroyed, so no key is made for them again.
   * Idempotent: running it again for a destroyed person repeats the rewrite.
   * @throws {StoreUnavailableError} when the rewrite waited too long for the table's lock (a
   *   transaction holds it) or the server went away; if the key was destroyed already, the
   *   message says so, and running destroy again finishes the clean-up.
   * @throws {StoreOpenError} (`access-denied`) when this role may not rewrite the table.
   */
  async destroy(personId: string): Promise<boolean> {
    this.db.assertOpen();
    const id = checkPersonId(personId);
    // A tombstone for a person never seen; otherwise the key cleared, once, by whoever gets there.
    const [made] = await this.run(personKeyStatement(this.sql.tombstone, id));
    const had = made === undefined && (await this.run(personKeyStatement(this.sql.clear, id))).length > 0;
    try {
      await this.cleanUp();
    } catch (error) {
      throw driverFailure(KEYS, error);
    }
    return had;
  }

  /** Whether the person's key was destroyed (their tombstone row), as opposed to never made. */
  async destroyed(personId: string): Promise<boolean> {
    this.db.assertOpen();
    const [row] = await this.run<{ destroyed: string }>(
      personKeyStatement(this.sql.destroyed, checkPersonId(personId)),
    );
    return row?.destroyed === "t";
  }

  /**
   * Rewrites the table, on a session of its own: its lock timeout, and the warning a role that
   * may not vacuum gets instead of an error.
   */
  private async cleanUp(): Promise<void> {
    try {
      await this.db.withClient(async (client) => {
        const warnings: string[] = [];
        const onNotice = (notice: { code?: string | undefined; message?: string | undefined }): void => {
          if (notice.code?.startsWith("01")) warnings.push(notice.message ?? notice.code);
        };
        client.on("notice", onNotice);
        try {
          await this.db.query(SET_LOCK_TIMEOUT, client);
          await this.db.query({ ...this.sql.vacuum, values: [] }, client);
          await this.db.query(RESET_LOCK_TIMEOUT, client);
        } finally {
          client.off("notice", onNotice);
        }
        if (warnings.length > 0)
          throw new CleanUpFailure({
            kind: "access-denied",
            detail: `${warnings.join("; ")}: rewriting ${this.db.schema}.person_keys (VACUUM (FULL)) needs its owner, or the MAINTAIN privilege on PostgreSQL 17 and later`,
          });
      });
    } catch (error) {
      const failure = classify(error);
      if (failure === undefined) throw error;
      throw new CleanUpFailure({ kind: failure.kind, detail: `${failure.detail}: ${DESTROYED_NOT_CLEANED}` });
    }
  }

  private async run<Row>(statement: Statement): Promise<Row[]> {
    try {
      return await this.db.query<Row>(statement);
    } catch (error) {
      throw driverFailure(KEYS, error);
    }
  }
}
