import { randomUUID } from "node:crypto";
import type { NewEvent } from "@iop/core";
import {
  EMPTY_HEAD,
  exactJson,
  type PreparedEvent,
  type SealedEvent,
  type StreamHead,
  sealBatch,
} from "@iop/core/adapter-kit";

/**
 * Events as the core hands them to a driver (ids assigned, JSON serialised), for tests that send
 * the driver's SQL themselves, e.g. inside a transaction they hold open.
 */
export function preparedEvents(events: readonly NewEvent[]): PreparedEvent[] {
  return events.map((e) => ({
    eventId: e.eventId ?? randomUUID(),
    type: e.type,
    schemaVersion: e.schemaVersion,
    dataJson: exactJson(e.data, "data"),
    metadataJson: exactJson(e.metadata ?? {}, "metadata"),
  }));
}

/** Events sealed onto `head` (a new stream by default) as the core seals an append, stamped now. */
export function sealedEvents(
  streamId: string,
  events: readonly NewEvent[],
  head: StreamHead = EMPTY_HEAD,
): SealedEvent[] {
  const recordedAt = new Date().toISOString();
  return sealBatch(streamId, head, preparedEvents(events), () => recordedAt);
}
