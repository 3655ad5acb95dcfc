import type {
  DriverAllRead,
  DriverAppend,
  DriverAppendOutcome,
  DriverChunkOutcome,
  DriverRow,
  DriverStreamRead,
  EventStoreDriver,
} from "@iop/core/adapter-kit";
import { InMemoryProjectionStore } from "./in-memory-projection-store.js";
import { MemoryTablesDriver } from "./memory-tables-driver.js";

/**
 * The storage driver in process memory: rows kept as the core serialised them, so a read parses
 * a fresh copy and no caller can change history by mutating what it read.
 */
export class MemoryDriver implements EventStoreDriver {
  readonly name = "in-memory store";
  readonly projections = new InMemoryProjectionStore();
  readonly tables = new MemoryTablesDriver();
  private readonly all: DriverRow[] = [];
  private readonly streams = new Map<string, DriverRow[]>();
  private readonly eventIds = new Set<string>();

  async append(request: DriverAppend): Promise<DriverAppendOutcome> {
    const outcome = await this.appendChunk([request]);
    if (outcome.outcome === "conflict") return { outcome: "conflict", actualVersion: outcome.actualVersion };
    if (outcome.outcome === "event-id-in-use") return outcome;
    return {
      outcome: "appended",
      streamVersion: request.events.at(-1)?.streamVersion ?? 0,
      globalPositions: outcome.globalPositions,
    };
  }

  /** Checks every append of the chunk first, then writes them all: nothing is written on a refusal. */
  async appendChunk(appends: readonly DriverAppend[]): Promise<DriverChunkOutcome> {
    const versions = new Map<string, number>();
    const taken: string[] = [];
    for (const [index, { streamId, accepts, events }] of appends.entries()) {
      const actual = versions.get(streamId) ?? this.streams.get(streamId)?.length ?? 0;
      if (!accepts(actual)) return { outcome: "conflict", index, actualVersion: actual };
      versions.set(streamId, actual + events.length);
      for (const { eventId } of events) if (this.eventIds.has(eventId)) taken.push(eventId);
    }
    if (taken.length > 0) return { outcome: "event-id-in-use", eventIds: taken };
    const globalPositions: number[] = [];
    for (const { streamId, events } of appends) {
      const stream = this.streams.get(streamId) ?? [];
      for (const event of events) {
        const row: DriverRow = {
          eventId: event.eventId,
          streamId,
          streamVersion: event.streamVersion,
          globalPosition: this.all.length + 1,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: event.dataJson,
          metadata: event.metadataJson,
          recordedAt: event.recordedAt,
          previousHash: event.previousHash,
          hash: event.hash,
        };
        stream.push(row);
        this.all.push(row);
        this.eventIds.add(row.eventId);
        globalPositions.push(row.globalPosition);
      }
      this.streams.set(streamId, stream);
    }
    return { outcome: "appended", globalPositions };
  }

  async readStream({ streamId, direction, fromVersion, limit }: DriverStreamRead): Promise<DriverRow[]> {
    const stream = this.streams.get(streamId) ?? [];
    if (direction === "forwards")
      return stream.slice(fromVersion - 1, fromVersion - 1 + Math.min(limit, stream.length));
    const last = Math.min(fromVersion, stream.length);
    return stream.slice(Math.max(last - limit, 0), last).reverse();
  }

  async readAll({ after, limit }: DriverAllRead): Promise<DriverRow[]> {
    // Positions are 1-based and contiguous here, so a position is its own index + 1.
    return this.all.slice(after, after + Math.min(limit, this.all.length));
  }

  async close(): Promise<void> {
    this.projections.close();
  }

  classify(): undefined {
    return undefined;
  }
}
