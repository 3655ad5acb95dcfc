import { randomUUID } from "node:crypto";
import type { NewEvent } from "@iop/core";
import { exactJson, type PreparedEvent } from "@iop/core/adapter-kit";

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
