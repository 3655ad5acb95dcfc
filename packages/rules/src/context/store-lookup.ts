import type { EventStore } from "@iop/core";
import type { AgreementSummary } from "../rule.js";
import { AgreementIndex, type AgreementIndexOptions } from "./agreement-index.js";

/**
 * An `otherAgreements` lookup over an event store: the organisation's agreements, answered
 * from an {@link AgreementIndex} that is built on the first call and catches up on each call
 * with the events appended since the last one. A call costs O(new events + the organisation's
 * agreements); the index holds one folded state per agreement of the store.
 * @throws {CorruptEventError | EventDecodingError} from a call, when a stored event cannot be read.
 */
export function storeAgreementLookup(
  store: EventStore,
  options: AgreementIndexOptions = {},
): (organisationNumber: string) => Promise<AgreementSummary[]> {
  let index: AgreementIndex | undefined;
  return (organisationNumber) => {
    index ??= new AgreementIndex(store, options);
    return index.agreementsOf(organisationNumber);
  };
}
