import { type EventStore, isIopError, type NewEvent } from "@iop/core";
import {
  deeplyNested,
  describeValue,
  hostileText,
  hostileValue,
  hugeValue,
  sameJson,
} from "@iop/core/testing";
import fc from "fast-check";
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

/** A verdict, with the error the append threw (if it threw). */
export interface AppendJudgement {
  readonly verdict: AppendVerdict;
  readonly error?: unknown;
}

/**
 * Appends `events` (which may be anything) to a fresh stream of `store` and judges the outcome.
 * A refusal must leave the stream empty; an acknowledgement must read back identical.
 */
export async function judgeAppend(store: EventStore, events: unknown): Promise<AppendVerdict> {
  return (await appendJudgement(store, events)).verdict;
}

/** {@link judgeAppend}, keeping the error thrown, so a report can say what was refused and how. */
export async function appendJudgement(store: EventStore, events: unknown): Promise<AppendJudgement> {
  const id = uniqueStreamId("hostile");
  let acknowledged = false;
  let error: unknown;
  try {
    await store.append(id, events as NewEvent[], { expectedVersion: "no-stream" });
    acknowledged = true;
  } catch (thrown) {
    if (!isIopError(thrown)) return { verdict: "untyped-error", error: thrown };
    error = thrown;
  }
  const stored = await store.readStream(id);
  if (!acknowledged) return { verdict: stored.length === 0 ? "refused" : "partial-write", error };
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
  return { verdict: same ? "round-tripped" : "changed" };
}

/** A possibly hostile batch to append, and what is hostile about it, for a report. */
export interface HostileAppend {
  readonly events: unknown;
  readonly label: string;
}

const where = fc.constantFrom("data", "metadata", "event") as fc.Arbitrary<"data" | "metadata" | "event">;

/** One event carrying a hostile value in its data, its metadata, or as the event itself. */
const carried: fc.Arbitrary<{ event: unknown; label: string }> = fc
  .tuple(fc.oneof({ weight: 9, arbitrary: hostileValue }, { weight: 1, arbitrary: hugeValue }), where)
  .map(([value, at]) => ({
    event: eventCarrying(value, at),
    label: `${at === "event" ? "" : `${at}.value `}← ${describeValue(value)}`,
  }));

const envelopeField = fc.constantFrom("type", "schemaVersion", "eventId") as fc.Arbitrary<
  "type" | "schemaVersion" | "eventId"
>;

/** An event whose envelope (type, schema version or event id) is hostile. */
const badEnvelope: fc.Arbitrary<{ event: unknown; label: string }> = fc
  .tuple(
    envelopeField,
    fc.oneof(
      hostileValue,
      hostileText,
      fc.constantFrom(0, -1, 1.5, "1", 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e21),
      fc.uuid().map((id) => id.toUpperCase()),
      fc.constant("00000000-0000-4000-8000-000000000000"),
    ),
  )
  .map(([field, value]) => ({
    event: { ...sampleEvent(1), [field]: value },
    label: `${field} ← ${describeValue(value)}`,
  }));

/**
 * Batches a hostile or careless caller appends: one event carrying a hostile value; a batch of
 * sound events with one bad event somewhere (all or nothing must be stored); a hostile envelope;
 * 10 000 levels of nesting; one event id twice; an empty batch; or anything at all as the batch.
 */
export const hostileAppendArbitrary: fc.Arbitrary<HostileAppend> = fc.oneof(
  {
    weight: 6,
    arbitrary: carried.map(({ event, label }) => ({ events: [event], label: `events[0].${label}` })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.oneof(carried, badEnvelope), fc.nat(4), fc.nat(4))
      .map(([{ event, label }, before, after]) => ({
        events: [
          ...Array.from({ length: before }, (_, i) => sampleEvent(i)),
          event,
          ...Array.from({ length: after }, (_, i) => sampleEvent(i)),
        ],
        label: `events[${before}].${label} (in a batch of ${before + after + 1})`,
      })),
  },
  {
    weight: 1,
    arbitrary: fc.constant(null).map(() => ({
      events: [eventCarrying(deeplyNested(10_000), "data")],
      label: "events[0].data.value ← 10 000 levels of nesting",
    })),
  },
  {
    weight: 1,
    arbitrary: fc.uuid().map((eventId) => ({
      events: [
        { ...sampleEvent(1), eventId },
        { ...sampleEvent(2), eventId },
      ],
      label: "one event id twice in a batch",
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(hostileValue, fc.constant([]))
      .map((events) => ({ events, label: `the batch ← ${describeValue(events)}` })),
  },
);
