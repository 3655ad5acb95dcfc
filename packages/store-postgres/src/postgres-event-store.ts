import {
  type AppendOptions,
  type AppendResult,
  assertExpectedVersion,
  assertNewEventIds,
  ConcurrencyError,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  normaliseReadAll,
  normaliseReadStream,
  type PreparedEvent,
  prepareAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
} from "@iop/core";
import type pg from "pg";
import { Database, type PostgresStoreOptions } from "./database.js";
import {
  type AppendRow,
  appendStatement,
  type EventRow,
  type EventSql,
  eventSql,
  type GlobalEventRow,
  readAllStatement,
  readStreamStatement,
  storedEventIdsStatement,
  streamVersionStatement,
} from "./event-statements.js";
import type { MigrateResult } from "./migrations.js";
import { toStoredEvent } from "./rows.js";

/** Options of {@link PostgresEventStore}. */
export interface PostgresEventStoreOptions extends PostgresStoreOptions {
  /**
   * The clock that stamps `recordedAt`; tests pass a fixed one. Without it the database's
   * `now()` (the append transaction's start) is used, so every writer shares one clock.
   */
  readonly clock?: () => Date;
}

const UNIQUE_VIOLATION = "23505";
/** The unique index on `events.event_id` (migration 3). */
const EVENT_ID_INDEX = "events_event_id_idx";

/**
 * The event store on PostgreSQL (13 or later), through a `pg.Pool`.
 *
 * - One round trip per append: the `append_events_v2()` function created by the migrations checks
 *   the expected version while holding the stream's turn (a transaction-scoped advisory lock)
 *   and inserts the whole batch.
 * - Every statement is a named one, prepared once per connection.
 * - Global order a catch-up reader can trust: {@link readAll} never returns an event while a
 *   transaction that could still commit an earlier position is running. See the README.
 * - Schema changes are versioned migrations, applied on first use (or by {@link migrate}).
 */
export class PostgresEventStore implements EventStore {
  private readonly db: Database;
  private readonly clock: (() => Date) | undefined;
  private readonly sql: EventSql;

  constructor(options: PostgresEventStoreOptions) {
    this.db = new Database(options);
    this.clock = options.clock;
    this.sql = eventSql(this.db.quoted);
  }

  /** Creates a store and waits until its schema is ready, so connection problems surface here. */
  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      await store.db.ready();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** The pool in use, e.g. to share it with a {@link PostgresProjectionStore}. */
  get pool(): pg.Pool {
    return this.db.pool;
  }

  /** The schema holding the tables. */
  get schema(): string {
    return this.db.schema;
  }

  /** Applies missing migrations now (otherwise the first operation does). */
  async migrate(): Promise<MigrateResult> {
    this.db.assertOpen();
    return this.db.migrate();
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.db.assertOpen();
    assertExpectedVersion(options?.expectedVersion);
    const expected: ExpectedVersion = options.expectedVersion;
    const prepared = prepareAppend(streamId, events);
    const recordedAt = this.clock === undefined ? null : this.clock().toISOString();
    let row: AppendRow | undefined;
    try {
      [row] = await this.db.query<AppendRow>(
        appendStatement(this.sql, streamId, String(expected), prepared, recordedAt),
      );
    } catch (error) {
      if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
      // The statement rolled back whole. An event id already in use is bad input.
      if ((error as { constraint?: unknown }).constraint === EVENT_ID_INDEX) {
        const stored = await this.storedEventIds(prepared);
        assertNewEventIds(prepared, (id) => stored.has(id));
        throw error;
      }
      // Otherwise the stream's version index fired. Taking turns on the stream makes this
      // unreachable in normal operation; should a version collide anyway (say a hand-made
      // insert), it is still a conflict, reported with the truth.
      throw new ConcurrencyError(streamId, expected, await this.currentVersion(streamId));
    }
    if (row === undefined) throw new Error("append_events_v2() returned no row");
    if (row.o_appended !== "t") throw new ConcurrencyError(streamId, expected, Number(row.o_version));
    const positions = (row.o_positions ?? "{}").slice(1, -1).split(",");
    const recorded = row.o_recorded_at ?? "";
    return {
      streamVersion: Number(row.o_version),
      globalPosition: Number(row.o_position),
      events: prepared.map((event, i) => ({
        eventId: event.eventId,
        globalPosition: Number(positions[i]),
        recordedAt: recorded,
      })),
    };
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    this.db.assertOpen();
    const { direction, fromVersion, limit } = normaliseReadStream(streamId, options);
    if (limit === 0) return [];
    const from = fromVersion ?? (direction === "forwards" ? 1 : Number.MAX_SAFE_INTEGER);
    const rows = await this.db.query<EventRow>(
      readStreamStatement(this.sql, streamId, direction, from, limit),
    );
    return rows.map((row) => toStoredEvent(row, streamId));
  }

  /**
   * Reads all streams in global order after a position. Returns only events no running
   * transaction can precede: while an append is in flight, later commits wait behind it, so
   * a reader resuming after the last position it saw misses nothing and sees nothing twice.
   */
  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    this.db.assertOpen();
    const { after, limit } = normaliseReadAll(options);
    if (limit === 0) return [];
    const rows = await this.db.query<GlobalEventRow>(readAllStatement(this.sql, after, limit));
    return rows.map((row) => toStoredEvent(row, row.stream_id));
  }

  /** Refuses further use and ends the pool if the store created it. Safe to call twice. */
  async close(): Promise<void> {
    await this.db.close();
  }

  /** Which of the batch's event ids the store holds already. */
  private async storedEventIds(events: readonly PreparedEvent[]): Promise<Set<string>> {
    const rows = await this.db.query<{ event_id: string }>(storedEventIdsStatement(this.sql, events));
    return new Set(rows.map((r) => r.event_id));
  }

  private async currentVersion(streamId: string): Promise<number> {
    const [row] = await this.db.query<{ version: string }>(streamVersionStatement(this.sql, streamId));
    return Number(row?.version ?? 0);
  }
}
