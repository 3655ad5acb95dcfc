import {
  agreementIdOfStream,
  type DomainEvent,
  decodeEvent,
  type EventStore,
  normaliseOrganisationNumber,
  type UpcasterRegistry,
} from "@iop/core";
import type { AgreementSummary } from "../rule.js";
import { summariseAgreement } from "./agreement-summary.js";

/**
 * An `otherAgreements` lookup that reads the whole event store and summarises every agreement
 * of the organisation. It reads every event on every call: right for tests, examples and a
 * small archive; a large one should answer from a projection kept by organisation number.
 */
export function storeAgreementLookup(
  store: EventStore,
  options: { readonly upcasters?: UpcasterRegistry } = {},
): (organisationNumber: string) => Promise<AgreementSummary[]> {
  return async (organisationNumber) => {
    const wanted = normaliseOrganisationNumber(organisationNumber);
    const streams = new Map<string, DomainEvent[]>();
    for (const stored of await store.readAll()) {
      if (agreementIdOfStream(stored.streamId) === undefined) continue;
      const { type, data } = decodeEvent(stored, options.upcasters);
      const events = streams.get(stored.streamId) ?? [];
      events.push({ type, data } as DomainEvent);
      streams.set(stored.streamId, events);
    }
    const summaries: AgreementSummary[] = [];
    for (const events of streams.values()) {
      const summary = summariseAgreement(events);
      if (summary !== undefined && normaliseOrganisationNumber(summary.organisationNumber) === wanted)
        summaries.push(summary);
    }
    return summaries;
  };
}
