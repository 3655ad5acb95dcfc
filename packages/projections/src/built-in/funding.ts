import { type Period, periodDays } from "@iop/core";
import { checkDecisionClocks, type DecisionClocks } from "../clocks.js";
import type { AgreementView } from "./agreement-view.js";
import { calendarYears } from "./calendar-years.js";
import { type FactLogState, factLogProjection } from "./fact-log-projection.js";
import type { PartyRef } from "./facts.js";
import { partySpans } from "./party-spans.js";
import { viewsOf } from "./register.js";
import { splitByDays } from "./split-by-days.js";

/**
 * Funding: granted kronor by public party, calendar year and priority area. Keeps applications
 * (organisation, priority area), grants, extensions, amendments, withdrawals and successions.
 */
export const fundingProjection = factLogProjection("iop.funding", 2, [
  "Applied",
  "Granted",
  "Withdrawn",
  "Extended",
  "Amended",
  "PublicPartySucceeded",
]);

/** The key of `byPriorityArea` for agreements whose application named no priority area. */
export const NO_PRIORITY_AREA = "(none)";

/** The part of one agreement's grant that falls in one calendar year (and, optionally, one party's time). */
export type FundingShare = {
  readonly year: number;
  readonly publicParty: string;
  readonly period: Period;
  readonly days: number;
  readonly kronor: number;
};

/** One granted agreement and how its grant splits. */
export type AgreementFunding = {
  readonly agreementId: string;
  readonly organisation: PartyRef;
  /** The body that granted it. */
  readonly grantedBy: string;
  readonly priorityArea: string | null;
  readonly grantedKronor: number;
  readonly period: Period;
  readonly shares: readonly FundingShare[];
};

/** Kronor of one public party, year and priority area. */
export type FundingRow = {
  readonly publicParty: string;
  readonly year: number;
  readonly priorityArea: string | null;
  readonly kronor: number;
};

/** The funding read model on its clocks. */
export type FundingReport = {
  readonly total: number;
  /** Ordered by public party, year, priority area; rows of 0 kr are left out. */
  readonly rows: readonly FundingRow[];
  readonly agreements: readonly AgreementFunding[];
  readonly byPublicParty: { readonly [publicParty: string]: number };
  readonly byYear: { readonly [year: string]: number };
  /** Keyed by priority area, {@link NO_PRIORITY_AREA} for none. */
  readonly byPriorityArea: { readonly [priorityArea: string]: number };
};

/** Options of {@link readFunding}. */
export type FundingOptions = DecisionClocks & {
  /**
   * Attribute the days from a succession's effective date to the successor (Husby 2023: January–June
   * to Rinkeby-Kista, July–December to Järva). By default a grant stays with the body that granted it.
   */
  readonly followSuccessions?: boolean;
};

/**
 * The period cut at each new year and, following successions, at each change of party: the
 * parts a grant is spread over, each with its year and party.
 */
function pieces(view: AgreementView, period: Period, grantedBy: string, followSuccessions: boolean) {
  const spans = partySpans(followSuccessions ? view.successions : [], grantedBy, period);
  return spans.flatMap(({ name, from, to }) =>
    calendarYears({ start: from, end: to }).map((part) => ({
      year: part.year,
      publicParty: name,
      period: part.period,
    })),
  );
}

function add(totals: Map<string, number>, key: string, kronor: number): void {
  totals.set(key, (totals.get(key) ?? 0) + kronor);
}

/**
 * Granted kronor on the two horizons: grants, extensions and amendments decided by `decidedBy`
 * and recorded by `recordedBy`, of agreements not withdrawn (funding has no day: `inForceOn` is
 * refused, and the deprecated `asOf` is `decidedBy` alone). Each agreement's granted total is spread over its
 * period (as extended or amended) by days, split at each new year, in whole kronor that sum to
 * the total (see {@link splitByDays}). A termination does not change what was granted.
 * @throws {RangeError} for bad clocks, {@link ClockNotApplicableError} for an `inForceOn`.
 */
export function readFunding(state: FactLogState, options: FundingOptions = {}): FundingReport {
  const clocks = checkDecisionClocks(options, "funding");
  const agreements: AgreementFunding[] = [];
  for (const view of viewsOf(state, clocks)) {
    const { period, grantedKronor, grantedBy } = view;
    if (view.status === "withdrawn" || period === null || grantedKronor === null || grantedBy === null)
      continue;
    const parts = pieces(view, period, grantedBy, options.followSuccessions === true);
    const days = parts.map((p) => periodDays(p.period));
    const kronor = splitByDays(grantedKronor, days);
    agreements.push({
      agreementId: view.agreementId,
      organisation: view.organisation,
      grantedBy,
      priorityArea: view.priorityArea,
      grantedKronor,
      period,
      shares: parts.map((p, i) => ({ ...p, days: days[i] ?? 0, kronor: kronor[i] ?? 0 })),
    });
  }
  const cells = new Map<string, FundingRow>();
  const byPublicParty = new Map<string, number>();
  const byYear = new Map<string, number>();
  const byPriorityArea = new Map<string, number>();
  let total = 0;
  for (const a of agreements) {
    total += a.grantedKronor;
    for (const share of a.shares) {
      if (share.kronor === 0) continue;
      const key = JSON.stringify([share.publicParty, share.year, a.priorityArea]);
      const row = cells.get(key);
      cells.set(key, {
        publicParty: share.publicParty,
        year: share.year,
        priorityArea: a.priorityArea,
        kronor: (row?.kronor ?? 0) + share.kronor,
      });
      add(byPublicParty, share.publicParty, share.kronor);
      add(byYear, String(share.year), share.kronor);
      add(byPriorityArea, a.priorityArea ?? NO_PRIORITY_AREA, share.kronor);
    }
  }
  const rows = [...cells.values()].sort(
    (a, b) =>
      a.publicParty.localeCompare(b.publicParty, "sv") ||
      a.year - b.year ||
      (a.priorityArea ?? "").localeCompare(b.priorityArea ?? "", "sv"),
  );
  // fromEntries defines own properties, so even a party named "__proto__" is a plain key.
  return {
    total,
    rows,
    agreements,
    byPublicParty: Object.fromEntries(byPublicParty),
    byYear: Object.fromEntries(byYear),
    byPriorityArea: Object.fromEntries(byPriorityArea),
  };
}
