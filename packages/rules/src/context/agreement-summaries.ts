import { type AgreementState, normaliseOrganisationNumber } from "@iop/core";
import type { AgreementSummary, PublicPartySuccession } from "../rule.js";
import { normaliseText } from "../text.js";
import { summariseAgreement } from "./agreement-summary.js";

/** One agreement's summary and the normalised organisation number it is kept under. */
interface Entry {
  readonly summary: AgreementSummary | undefined;
  readonly organisation: string | undefined;
}

/**
 * The latest summary of each agreement, kept by agreement id and by organisation number: what
 * the rules' `otherAgreements` answers from, and the successions of public parties any of them
 * records. It keeps no events and no states, only one summary per agreement (and each
 * succession once), so memory grows with the number of agreements. Whoever feeds it folds the
 * states: {@link AgreementIndex} from a store, the verify rule check from the events verify reads.
 */
export class AgreementSummaries {
  private readonly entries = new Map<string, Entry>();
  private readonly byOrganisation = new Map<string, Set<string>>();
  /** Each succession once, however many agreements record it: Rinkeby-Kista → Järva is on many. */
  private readonly successionsSeen = new Map<string, PublicPartySuccession>();

  /** Makes `state` the agreement's latest: its summary replaces the one kept before. */
  update(agreementId: string, state: AgreementState): void {
    const before = this.entries.get(agreementId);
    const summary = summariseAgreement(state);
    const organisation =
      summary === undefined ? undefined : normaliseOrganisationNumber(summary.organisationNumber);
    // Only an application sets the number, but a stream written past the command handler may
    // hold a second one: the agreement then moves, as a fold from scratch would have it.
    if (organisation !== before?.organisation) {
      if (before?.organisation !== undefined)
        this.byOrganisation.get(before.organisation)?.delete(agreementId);
      if (organisation !== undefined) {
        const ids = this.byOrganisation.get(organisation) ?? new Set<string>();
        ids.add(agreementId);
        this.byOrganisation.set(organisation, ids);
      }
    }
    this.entries.set(agreementId, { summary, organisation });
    for (const succession of state.successions) {
      const key = `${normaliseText(succession.from)}\u0000${normaliseText(succession.to)}`;
      if (!this.successionsSeen.has(key)) this.successionsSeen.set(key, succession);
    }
  }

  /** The successions of public parties the agreements record, each once, in the order first seen. */
  successions(): PublicPartySuccession[] {
    return [...this.successionsSeen.values()];
  }

  /** The agreement's summary; `undefined` when it has no application. */
  get(agreementId: string): AgreementSummary | undefined {
    return this.entries.get(agreementId)?.summary;
  }

  /** The agreements of the organisation with this number (in any accepted form), in the order applied for. */
  ofOrganisation(organisationNumber: string): AgreementSummary[] {
    const ids = this.byOrganisation.get(normaliseOrganisationNumber(organisationNumber)) ?? [];
    return [...ids].flatMap((id) => this.entries.get(id)?.summary ?? []);
  }
}
