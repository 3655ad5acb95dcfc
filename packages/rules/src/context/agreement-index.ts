import {
  type AgreementState,
  agreementIdOfStream,
  decodeEvent,
  type EventStore,
  evolve,
  initialState,
  readAllPages,
  type StoredEvent,
  type UpcasterRegistry,
} from "@iop/core";
import type { AgreementSummary } from "../rule.js";
import type { ReferencedAgreements } from "../validator.js";
import { AgreementSummaries } from "./agreement-summaries.js";

/** Options of {@link AgreementIndex}. */
export interface AgreementIndexOptions {
  /** Upcasters for events stored in older schema versions (default: the core's). */
  readonly upcasters?: UpcasterRegistry;
  /** Events per read while catching up (default: the store's read-all limit, 1000). */
  readonly pageSize?: number;
}

/**
 * The agreements of a store, summarised for the rules and kept by agreement id and by
 * organisation number. Each lookup first catches up with the store, reading only the events
 * after the last one it folded, so a lookup costs O(new events) and recording N commands
 * through the rules O(N) in all. It keeps each agreement's folded state, not its events:
 * memory grows with the number of agreements.
 *
 * Catch-ups run one after another, so overlapping lookups never fold an event twice. An event
 * that cannot be read fails the lookup with the store's or the codec's typed error; the index
 * keeps everything up to the event before it and tries that event again on the next lookup.
 */
export class AgreementIndex {
  private readonly states = new Map<string, AgreementState>();
  private readonly summaries = new AgreementSummaries();
  private lastPosition = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<EventStore, "readAll">,
    private readonly options: AgreementIndexOptions = {},
  ) {}

  /** Global position of the last event folded: 0 before the first catch-up. */
  get position(): number {
    return this.lastPosition;
  }

  /**
   * Folds the events appended since the last catch-up. Waits for a catch-up already running.
   * @throws {CorruptEventError} when a stored event cannot be read back.
   * @throws {EventDecodingError} when an agreement's event cannot be decoded.
   */
  catchUp(): Promise<void> {
    const run = this.queue.then(() => this.readNew());
    // The next catch-up waits for this one whether it fails or not; its caller sees the failure.
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The summary of one agreement, after catching up; `undefined` for an agreement the store
   * has no application of.
   * @throws {CorruptEventError | EventDecodingError} as {@link catchUp}.
   */
  async agreement(agreementId: string): Promise<AgreementSummary | undefined> {
    await this.catchUp();
    return this.summaries.get(agreementId);
  }

  /**
   * The summaries of the agreements with these ids that the store has an application of, of any
   * organisation, and every succession of a public party the store records, after one catch-up:
   * the rules' referenced agreements (a predecessor, an evaluation's scope). Costs O(new events +
   * ids + successions).
   * @throws {CorruptEventError | EventDecodingError} as {@link catchUp}.
   */
  async referencedAgreements(agreementIds: readonly string[]): Promise<ReferencedAgreements> {
    await this.catchUp();
    return {
      agreements: agreementIds.flatMap((id) => this.summaries.get(id) ?? []),
      successions: this.summaries.successions(),
    };
  }

  /**
   * The agreements of the organisation with this number (written in any accepted form), after
   * catching up, in the order they were applied for: the rules' `otherAgreements`.
   * @throws {CorruptEventError | EventDecodingError} as {@link catchUp}.
   */
  async agreementsOf(organisationNumber: string): Promise<AgreementSummary[]> {
    await this.catchUp();
    return this.summaries.ofOrganisation(organisationNumber);
  }

  private async readNew(): Promise<void> {
    const pages = readAllPages(this.store, {
      after: this.lastPosition,
      ...(this.options.pageSize === undefined ? {} : { pageSize: this.options.pageSize }),
    });
    for await (const page of pages) for (const stored of page) this.fold(stored);
  }

  /** Folds one event; decodes before changing anything, so a failure leaves the index as it was. */
  private fold(stored: StoredEvent): void {
    const agreementId = agreementIdOfStream(stored.streamId);
    if (agreementId !== undefined) {
      const event = decodeEvent(stored, this.options.upcasters);
      const state = evolve(this.states.get(agreementId) ?? initialState, event);
      this.states.set(agreementId, state);
      this.summaries.update(agreementId, state);
    }
    this.lastPosition = stored.globalPosition;
  }
}
