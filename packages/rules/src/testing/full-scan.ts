import {
  agreementIdOfStream,
  type DomainEvent,
  decodeEvent,
  type EventStore,
  fold,
  normaliseOrganisationNumber,
  readAllPages,
  type UpcasterRegistry,
} from "@iop/core";
import { summariseAgreement } from "../context/agreement-summary.js";
import type { AgreementSummary } from "../rule.js";

/**
 * The agreements of a store the slow way, for tests to compare the index with: every event read,
 * each agreement's events folded from the initial state. Keyed by agreement id, in the order of
 * each stream's first event.
 */
export async function scanAgreements(
  store: Pick<EventStore, "readAll">,
  upcasters?: UpcasterRegistry,
): Promise<Map<string, AgreementSummary>> {
  const streams = new Map<string, DomainEvent[]>();
  for await (const page of readAllPages(store))
    for (const stored of page) {
      const agreementId = agreementIdOfStream(stored.streamId);
      if (agreementId === undefined) continue;
      const events = streams.get(agreementId) ?? [];
      events.push(decodeEvent(stored, upcasters));
      streams.set(agreementId, events);
    }
  const summaries = new Map<string, AgreementSummary>();
  for (const [agreementId, events] of streams) {
    const summary = summariseAgreement(fold(events));
    if (summary !== undefined) summaries.set(agreementId, summary);
  }
  return summaries;
}

/** The organisation's agreements from {@link scanAgreements}. */
export function agreementsOfIn(
  summaries: ReadonlyMap<string, AgreementSummary>,
  organisationNumber: string,
): AgreementSummary[] {
  const wanted = normaliseOrganisationNumber(organisationNumber);
  return [...summaries.values()].filter((s) => normaliseOrganisationNumber(s.organisationNumber) === wanted);
}

/** A store whose `readAll` counts the events it returns: how much a reader read. */
export function countingReads<S extends Pick<EventStore, "readAll">>(
  store: S,
): { readonly store: Pick<EventStore, "readAll">; readonly reads: { events: number; calls: number } } {
  const reads = { events: 0, calls: 0 };
  return {
    reads,
    store: {
      async readAll(options) {
        const page = await store.readAll(options);
        reads.events += page.length;
        reads.calls++;
        return page;
      },
    },
  };
}
