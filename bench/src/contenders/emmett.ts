import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CommandHandler, type Event, type EventStore, type ReadEvent } from "@event-driven-io/emmett";
import type { readMessagesBatch } from "@event-driven-io/emmett-postgresql";
import {
  type AgreementState,
  type Command,
  type DomainEvent,
  decide,
  decodeEvent,
  eventCatalog,
  evolve,
  initialState,
  isDomainError,
  type StoredEvent,
} from "@iop/core";
import { type BenchEvent, streamIdOf } from "../data.js";
import { RegisterFold } from "../register.js";
import { NO_HASH } from "./no-hash.js";
import type { Contender } from "./types.js";

/** Our events in Emmett's shape; Emmett has no schema-version column, so it goes in the metadata. */
type EmmettEvent = Event<string, Record<string, unknown>, { schemaVersion: number }>;
type EmmettReadEvent = ReadEvent<EmmettEvent>;

/** One page of a global read, as Emmett's `readMessagesBatch` returns it on both databases. */
interface Batch {
  readonly messages: readonly EmmettReadEvent[];
  readonly currentGlobalPosition: bigint;
}

function toEmmett(event: BenchEvent): EmmettEvent {
  return {
    type: event.type,
    data: event.data as unknown as Record<string, unknown>,
    metadata: { schemaVersion: event.schemaVersion },
  };
}

/**
 * An event Emmett read back, as the core's envelope (Emmett keeps no record time in its reads,
 * and no hashes).
 */
function toStored(event: EmmettReadEvent): StoredEvent {
  const metadata = event.metadata as EmmettReadEvent["metadata"] & {
    schemaVersion: number;
    globalPosition: bigint;
  };
  return {
    eventId: metadata.messageId,
    streamId: metadata.streamName,
    streamVersion: Number(metadata.streamPosition),
    globalPosition: Number(metadata.globalPosition),
    type: event.type,
    schemaVersion: metadata.schemaVersion,
    data: event.data as StoredEvent["data"],
    metadata: {},
    recordedAt: "1970-01-01T00:00:00.000Z",
    previousHash: NO_HASH,
    hash: NO_HASH,
  };
}

/**
 * Emmett's command handler with our domain: events read from the store are decoded with the
 * core's codec (the same validation our handler does), then folded with the core's `evolve`;
 * `decide` is the core's.
 */
const handleWithEmmett = CommandHandler<AgreementState, EmmettEvent>({
  initialState: () => initialState,
  evolve: (state, event) => {
    const recorded = "globalPosition" in (event.metadata ?? {});
    return evolve(
      state,
      recorded ? decodeEvent(toStored(event as EmmettReadEvent)) : (event as unknown as DomainEvent),
    );
  },
});

/** Emmett's event stores, used through their `EventStore` API and Emmett's `CommandHandler`. */
class Emmett implements Contender {
  constructor(
    private readonly store: EventStore,
    private readonly readBatch: (after: bigint, batchSize: number) => Promise<Batch>,
    private readonly onClose: () => Promise<void>,
  ) {}

  async append(stream: number, events: readonly BenchEvent[], expectedVersion: number): Promise<void> {
    await this.store.appendToStream(streamIdOf(stream), events.map(toEmmett), {
      expectedStreamVersion: BigInt(expectedVersion),
    });
  }

  async readStream(stream: number): Promise<number> {
    return (await this.store.readStream<EmmettEvent>(streamIdOf(stream))).events.length;
  }

  private async eachPage(
    pageSize: number,
    onPage: (page: readonly EmmettReadEvent[]) => void,
  ): Promise<number> {
    let count = 0;
    for (let after = 0n; ; ) {
      const { messages, currentGlobalPosition } = await this.readBatch(after, pageSize);
      if (messages.length === 0) return count;
      onPage(messages);
      count += messages.length;
      after = currentGlobalPosition;
    }
  }

  readAll(pageSize: number): Promise<number> {
    return this.eachPage(pageSize, () => undefined);
  }

  async rebuildRegister(pageSize: number): Promise<number> {
    const register = new RegisterFold();
    await this.eachPage(pageSize, (page) => register.add(page.map(toStored)));
    return register.rows;
  }

  async handle(agreement: number, command: Command): Promise<void> {
    await handleWithEmmett(this.store, streamIdOf(agreement), (state) => {
      const decided = decide(command, state);
      if (isDomainError(decided)) throw decided;
      return decided.map((event) =>
        toEmmett({
          type: event.type,
          schemaVersion: eventCatalog[event.type].schemaVersion,
          data: event.data,
        }),
      );
    });
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

/**
 * Emmett's SQLite event store (node-sqlite3) on one shared connection, with `synchronous` set
 * on it. Emmett's default — a new connection per call — fails now and then with
 * `SQLITE_BUSY: cannot commit transaction - SQL statements in progress` on sequential appends
 * to a file, and would leave `synchronous` at SQLite's default (FULL) anyway.
 */
export async function openEmmettSqlite(path: string, synchronous: "full" | "normal"): Promise<Contender> {
  const { getSQLiteEventStore, readMessagesBatch, sqliteConnection } = await import(
    "@event-driven-io/emmett-sqlite"
  );
  const connection = sqliteConnection({ fileName: path });
  await connection.command(`PRAGMA synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
  const store = getSQLiteEventStore({ fileName: path, connectionOptions: { singleton: true, connection } });
  await store.schema.migrate();
  return new Emmett(
    store,
    (after, batchSize) => readMessagesBatch(connection, { after, batchSize }) as unknown as Promise<Batch>,
    async () => connection.close(),
  );
}

interface DumboPool {
  readonly execute: Parameters<typeof readMessagesBatch>[0];
  close(): Promise<void>;
}

/**
 * Emmett's PostgreSQL event store, on a dumbo pool we create so that `readMessagesBatch` can
 * share it. Dumbo is Emmett's own dependency, not ours: it is loaded from where Emmett finds it.
 */
export async function openEmmettPostgres(url: string): Promise<Contender> {
  const { getPostgreSQLEventStore, readMessagesBatch } = await import("@event-driven-io/emmett-postgresql");
  const { dumbo } = (await import(dumboEntry())) as {
    dumbo: (options: { connectionString: string }) => DumboPool;
  };
  const pool = dumbo({ connectionString: url });
  const store = getPostgreSQLEventStore(url, {
    connectionOptions: { dumbo: pool },
  } as unknown as Parameters<typeof getPostgreSQLEventStore>[1]);
  await store.schema.migrate();
  return new Emmett(
    store,
    (after, batchSize) => readMessagesBatch(pool.execute, { after, batchSize }) as unknown as Promise<Batch>,
    async () => {
      await store.close();
      await pool.close().catch(() => undefined);
    },
  );
}

/** The ESM entry of the `@event-driven-io/dumbo` that `@event-driven-io/emmett-postgresql` imports. */
function dumboEntry(): string {
  let dir = dirname(realpathSync(fileURLToPath(import.meta.resolve("@event-driven-io/emmett-postgresql"))));
  for (;;) {
    const candidate = join(dir, "node_modules", "@event-driven-io", "dumbo");
    if (existsSync(join(candidate, "package.json"))) {
      const pkg = JSON.parse(readFileSync(join(candidate, "package.json"), "utf8")) as {
        exports: { ".": { import: { default: string } } };
      };
      return pathToFileURL(realpathSync(join(candidate, pkg.exports["."].import.default))).href;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("@event-driven-io/dumbo not found next to emmett-postgresql");
    dir = parent;
  }
}
