import { type EventStore, isIopError, type NewEvent } from "@iop/core";
import { sameJson } from "@iop/core/testing";
import { sampleEvent, uniqueStreamId } from "./sample-events.js";

/**
 * What became of one append of a possibly hostile event:
 * - `refused`: a typed `IopError`, and the stream holds nothing new;
 * - `round-tripped`: acknowledged, and the stream reads back exactly what was sent;
 * - `untyped-error`: an error that is not an `IopError` (a driver's, a `TypeError`…);
 * - `changed`: acknowledged, but read back different;
 * - `partial-write`: refused, yet something of the batch was stored.
 */
export type AppendVerdict = "refused" | "round-tripped" | "untyped-error" | "changed" | "partial-write";

/** One event whose data and metadata carry `value` in a few places a caller could put it. */
export function eventCarrying(value: unknown, where: "data" | "metadata" | "event"): unknown {
  const base = sampleEvent(1);
  if (where === "data") return { ...base, data: { ...(base.data as object), value } };
  if (where === "metadata") return { ...base, metadata: { ...base.metadata, value } };
  return value;
}

/**
 * Appends `events` (which may be anything) to a fresh stream of `store` and judges the outcome.
 * A refusal must leave the stream empty; an acknowledgement must read back identical.
 */
export async function judgeAppend(store: EventStore, events: unknown): Promise<AppendVerdict> {
  const id = uniqueStreamId("hostile");
  let acknowledged = false;
  try {
    await store.append(id, events as NewEvent[], { expectedVersion: "no-stream" });
    acknowledged = true;
  } catch (error) {
    if (!isIopError(error)) return "untyped-error";
  }
  const stored = await store.readStream(id);
  if (!acknowledged) return stored.length === 0 ? "refused" : "partial-write";
  const sent = events as NewEvent[];
  const same =
    stored.length === sent.length &&
    sent.every(
      (event, i) =>
        sameJson(event.data, stored[i]?.data) &&
        sameJson(event.metadata ?? {}, stored[i]?.metadata) &&
        event.type === stored[i]?.type &&
        event.schemaVersion === stored[i]?.schemaVersion,
    );
  return same ? "round-tripped" : "changed";
}
