import type { z } from "zod";
import { publicPartySucceededData, signedData, terminatedData } from "./agreement-events.js";
import { appliedData, withdrawnData } from "./application-events.js";
import {
  amendedData,
  extendedData,
  grantedData,
  rejectedData,
  renegotiatedData,
  renewalDeclinedData,
} from "./decision-events.js";
import { evaluatedData, periodReportedData } from "./follow-up-events.js";

/**
 * Every event type with its current schema version and data schema. Older versions are
 * lifted to these on read by the upcasters (see `upcasting.ts`).
 */
export const eventCatalog = {
  Applied: { schemaVersion: 2, data: appliedData },
  Withdrawn: { schemaVersion: 1, data: withdrawnData },
  Granted: { schemaVersion: 1, data: grantedData },
  Rejected: { schemaVersion: 1, data: rejectedData },
  Signed: { schemaVersion: 1, data: signedData },
  PeriodReported: { schemaVersion: 1, data: periodReportedData },
  Evaluated: { schemaVersion: 1, data: evaluatedData },
  Renegotiated: { schemaVersion: 1, data: renegotiatedData },
  RenewalDeclined: { schemaVersion: 1, data: renewalDeclinedData },
  Extended: { schemaVersion: 1, data: extendedData },
  Amended: { schemaVersion: 1, data: amendedData },
  Terminated: { schemaVersion: 1, data: terminatedData },
  PublicPartySucceeded: { schemaVersion: 1, data: publicPartySucceededData },
} as const;

type Catalog = typeof eventCatalog;

/** The name of a domain event type. */
export type EventType = keyof Catalog;

/** The data of event type `K`, as inferred from its schema. */
export type EventData<K extends EventType> = z.infer<Catalog[K]["data"]>;

/** A domain event: its type and its (current-version) data. */
export type DomainEvent = { [K in EventType]: { type: K; data: EventData<K> } }[EventType];

/** The domain event of type `K`. */
export type EventOf<K extends EventType> = Extract<DomainEvent, { type: K }>;

/** All event type names, in lifecycle order. */
export const eventTypes = Object.keys(eventCatalog) as EventType[];

/** True when `type` names a domain event. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}
