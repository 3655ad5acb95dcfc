import type { EventStore } from "@iop/core";
import type { AgreementSummary } from "../rule.js";
import type { ReferencedAgreementsLookup } from "../validator.js";
import { AgreementIndex, type AgreementIndexOptions } from "./agreement-index.js";

/**
 * What {@link storeAgreementLookup} returns: the `otherAgreements` lookup by organisation
 * number, carrying the lookup by agreement id that the validator uses for referenced agreements.
 */
export interface StoreAgreementLookup {
  (organisationNumber: string): Promise<AgreementSummary[]>;
  /** The agreements with these ids and the store's successions ({@link AgreementIndex.referencedAgreements}). */
  readonly referencedAgreements: ReferencedAgreementsLookup;
}

/**
 * An `otherAgreements` lookup over an event store: the organisation's agreements, answered
 * from an {@link AgreementIndex} that is built on the first call and catches up on each call
 * with the events appended since the last one. A call costs O(new events + the organisation's
 * agreements); the index holds one folded state per agreement of the store. Its
 * `referencedAgreements` answers by agreement id from the same index, so a validator given
 * only `otherAgreements: storeAgreementLookup(store)` checks references too.
 * @throws {CorruptEventError | EventDecodingError} from a call, when a stored event cannot be read.
 */
export function storeAgreementLookup(
  store: EventStore,
  options: AgreementIndexOptions = {},
): StoreAgreementLookup {
  let index: AgreementIndex | undefined;
  const indexed = () => {
    index ??= new AgreementIndex(store, options);
    return index;
  };
  return Object.assign((organisationNumber: string) => indexed().agreementsOf(organisationNumber), {
    referencedAgreements: (agreementIds: readonly string[]) => indexed().referencedAgreements(agreementIds),
  });
}
