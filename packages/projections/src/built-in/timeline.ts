import type { AgreementStatus, CalendarDate, Period } from "@iop/core";
import { normaliseOrganisationNumber } from "@iop/core";
import { type Clocks, checkClocks } from "../clocks.js";
import { dayAfter, dayBefore, type Succession } from "./agreement-view.js";
import { type FactLogState, factLogProjection } from "./fact-log-projection.js";
import type { PartyRef } from "./facts.js";
import { type PartySpan, partySpans } from "./party-spans.js";
import { viewsOf } from "./register.js";

/**
 * The partnership timeline: the chain of agreements of one organisation with one public party,
 * followed across successions (Rinkeby-Kista → Järva), with the gaps between agreements.
 */
export const timelineProjection = factLogProjection("iop.partnership-timeline", 2, [
  "Applied",
  "Granted",
  "Rejected",
  "Withdrawn",
  "Signed",
  "Extended",
  "Amended",
  "Terminated",
  "PublicPartySucceeded",
]);

export type { PartySpan } from "./party-spans.js";

/** One agreement of a timeline. */
export type TimelineEntry = {
  readonly agreementId: string;
  readonly partnershipId: string;
  readonly predecessorAgreementId: string | null;
  readonly status: AgreementStatus;
  readonly grantedKronor: number | null;
  readonly period: Period;
  /** The last day it runs (the period's end, or an earlier termination). */
  readonly runsUntil: CalendarDate;
  /** The public party of this chain over the agreement's days, split at successions. */
  readonly publicParties: readonly PartySpan[];
};

/** Days between agreements with no agreement running; `to: null` when none has followed by `inForceOn`. */
export type Gap = { readonly from: CalendarDate; readonly to: CalendarDate | null };

/** One organisation's chain of agreements with one public party and its successors. */
export type Timeline = {
  readonly organisation: PartyRef;
  /** The public party and its successors, oldest first. */
  readonly publicParties: readonly string[];
  readonly successions: readonly Succession[];
  readonly partnershipIds: readonly string[];
  /** Granted agreements, by start of period. */
  readonly agreements: readonly TimelineEntry[];
  readonly gaps: readonly Gap[];
};

/** Union-find over public party names, joined by successions. */
class Lineages {
  private readonly parent = new Map<string, string>();
  find(name: string): string {
    let root = name;
    for (let up = this.parent.get(root); up !== undefined && up !== root; up = this.parent.get(root))
      root = up;
    this.parent.set(name, root);
    return root;
  }
  join(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

function gapsOf(entries: readonly TimelineEntry[], day: CalendarDate | null): Gap[] {
  const gaps: Gap[] = [];
  let coveredUntil: CalendarDate | undefined;
  for (const entry of entries) {
    if (coveredUntil !== undefined && entry.period.start > dayAfter(coveredUntil))
      gaps.push({ from: dayAfter(coveredUntil), to: dayBefore(entry.period.start) });
    if (coveredUntil === undefined || entry.runsUntil > coveredUntil) coveredUntil = entry.runsUntil;
  }
  if (day !== null && coveredUntil !== undefined && day > coveredUntil)
    gaps.push({ from: dayAfter(coveredUntil), to: null });
  return gaps;
}

/**
 * Every timeline on the three clocks: agreements granted by decisions dated by `decidedBy` and
 * recorded by `recordedBy` (rejected and withdrawn ones are not part of a chain), grouped by
 * organisation and public party, where a party and the parties that succeeded it count as one. An
 * agreement with several public parties is in the timeline of each. With `inForceOn`, a chain
 * whose last agreement ended before that day ends in an open gap.
 * @throws {RangeError} for bad clocks.
 */
export function readTimelines(state: FactLogState, clocks: Clocks = {}): Timeline[] {
  const checked = checkClocks(clocks);
  const views = viewsOf(state, checked);
  const lineages = new Lineages();
  const successions = new Map<string, Succession>();
  for (const view of views)
    for (const s of view.successions) {
      lineages.join(s.from, s.to);
      successions.set(JSON.stringify([s.from, s.to, s.effectiveOn]), s);
    }

  const groups = new Map<string, { organisation: PartyRef; root: string; entries: TimelineEntry[] }>();
  for (const view of views) {
    const { period, runsUntil } = view;
    if (view.dates.grantedOn === null || view.status === "withdrawn" || view.status === "rejected") continue;
    if (period === null || runsUntil === null) continue;
    for (const party of view.appliedWith) {
      const root = lineages.find(party.name);
      const key = JSON.stringify([
        normaliseOrganisationNumber(view.organisation.organisationNumber ?? ""),
        root,
      ]);
      const group = groups.get(key) ?? { organisation: view.organisation, root, entries: [] };
      group.entries.push({
        agreementId: view.agreementId,
        partnershipId: view.partnershipId,
        predecessorAgreementId: view.predecessorAgreementId,
        status: view.status,
        grantedKronor: view.grantedKronor,
        period,
        runsUntil,
        publicParties: partySpans(view.successions, party.name, { start: period.start, end: runsUntil }),
      });
      groups.set(key, group);
    }
  }

  return [...groups.values()]
    .map(({ organisation, root, entries }): Timeline => {
      const agreements = entries.sort(
        (a, b) => a.period.start.localeCompare(b.period.start) || a.agreementId.localeCompare(b.agreementId),
      );
      const chain = [...successions.values()]
        .filter((s) => lineages.find(s.from) === root)
        .sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn));
      const names = [...new Set(agreements.flatMap((a) => a.publicParties.map((p) => p.name)))];
      for (const s of chain) for (const name of [s.from, s.to]) if (!names.includes(name)) names.push(name);
      const firstSeen = (name: string) => chain.find((s) => s.to === name)?.effectiveOn ?? "";
      return {
        organisation,
        publicParties: names.sort((a, b) => firstSeen(a).localeCompare(firstSeen(b))),
        successions: chain,
        partnershipIds: [...new Set(agreements.map((a) => a.partnershipId))],
        agreements,
        gaps: gapsOf(agreements, checked.inForceOn),
      };
    })
    .sort(
      (a, b) =>
        a.organisation.name.localeCompare(b.organisation.name, "sv") ||
        (a.publicParties[0] ?? "").localeCompare(b.publicParties[0] ?? "", "sv"),
    );
}

/**
 * The timeline of one organisation (by organisation number, hyphen and `16` prefix optional) with
 * one public party or any of its predecessors or successors; `undefined` when they have no
 * granted agreement on the clocks.
 */
export function readTimeline(
  state: FactLogState,
  partnership: { readonly organisationNumber: string; readonly publicParty: string },
  clocks: Clocks = {},
): Timeline | undefined {
  const organisation = normaliseOrganisationNumber(partnership.organisationNumber);
  return readTimelines(state, clocks).find(
    (t) =>
      normaliseOrganisationNumber(t.organisation.organisationNumber ?? "") === organisation &&
      t.publicParties.includes(partnership.publicParty),
  );
}
