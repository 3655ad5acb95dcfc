import { type CalendarDate, calendarDate, normaliseOrganisationNumber } from "@iop/core";
import { z } from "zod";
import { addYears } from "../dates.js";
import { type AgreementSummary, defineRule, type RuleInput } from "../rule.js";
import { formatKronor, violation } from "../violation.js";

/** Code of {@link deMinimisRule}. */
export const DE_MINIMIS_EXCEEDED = "DE_MINIMIS_EXCEEDED";

/** A de minimis ceiling in euros, in force for decisions from a date. */
export interface DeMinimisCeiling {
  /** First decision date the ceiling applies to. */
  readonly from: CalendarDate;
  /** Whole euros per organisation over three years. */
  readonly eur: number;
  /** The regulation it comes from. */
  readonly regulation: string;
}

/** Parameters of {@link deMinimisRule}. */
export interface DeMinimisParams {
  /**
   * Ceilings by decision date; the latest whose `from` is on or before the decision applies.
   * A decision before the first has no ceiling.
   */
  readonly ceilings: readonly DeMinimisCeiling[];
  /**
   * Swedish kronor per euro, to at most six decimals. The regulation converts at the rate of
   * the day the aid is granted: set it to that rate (the default is only a round figure).
   */
  readonly sekPerEur: number;
  /** Length of the rolling period in years (default 3). */
  readonly years: number;
  /** Statuses of other agreements whose grant counts as aid received. */
  readonly countedStatuses: readonly AgreementSummary["status"][];
}

const MICRO = 1_000_000n;

/**
 * The ceiling in whole kronor: `Math.floor(eur × sekPerEur)`, computed exactly in integers
 * (the rate is taken to six decimals), so `300 000 € × 10.87` is 3 261 000 kr, not the 3 260 999 that floating point gives.
 */
export function ceilingInKronor(eur: number, sekPerEur: number): number {
  const rateMicro = BigInt(Math.round(sekPerEur * 1_000_000));
  return Number((BigInt(eur) * rateMicro) / MICRO);
}

/** The ceiling in force on `date`, or `undefined` before the first. */
export function ceilingOn(
  ceilings: readonly DeMinimisCeiling[],
  date: CalendarDate,
): DeMinimisCeiling | undefined {
  let found: DeMinimisCeiling | undefined;
  for (const c of ceilings) if (c.from <= date && (found === undefined || c.from >= found.from)) found = c;
  return found;
}

/** The amount a command grants or brings this agreement's grant to, with its field and date. */
function newAid(
  input: RuleInput,
): { field: string; date: CalendarDate; kronor: number; includesThisGrant: boolean } | undefined {
  const { event, state } = input;
  switch (event.type) {
    case "Granted":
      return {
        field: "data.grantedKronor",
        date: event.data.decision.date,
        kronor: event.data.grantedKronor,
        includesThisGrant: true,
      };
    case "Extended":
      return event.data.additionalKronor === undefined
        ? undefined
        : {
            field: "data.additionalKronor",
            date: event.data.decision.date,
            kronor: event.data.additionalKronor,
            includesThisGrant: false,
          };
    case "Amended": {
      const amended = event.data.changes.grantedKronor;
      if (amended === undefined || amended <= (state.grantedKronor ?? 0)) return undefined;
      return {
        field: "data.changes.grantedKronor",
        date: event.data.decision.date,
        kronor: amended,
        includesThisGrant: true,
      };
    }
    default:
      return undefined;
  }
}

/**
 * De minimis state aid: an organisation may receive at most EUR 300 000 (decisions from
 * 2024-01-01, regulation (EU) 2023/2831; EUR 200 000 before, regulations 1998/2006 and
 * 1407/2013) over a rolling three years, from all public givers together.
 *
 * On a grant (or an extension or amendment that adds money) the rule sums, in whole kronor,
 * the new amount and every other agreement of the organisation whose grant was decided within
 * the three years up to the decision date: after the same date three years earlier, up to and
 * including the decision date. The ceiling is `Math.floor(eur × sekPerEur)` kronor. A total
 * exactly at the ceiling passes; one krona over is an error.
 *
 * Simplifications: an agreement's whole grant (extensions included) counts on the date of its
 * grant decision, as the lookup reports it; the period is a rolling one for every ceiling (regulations
 * before 2023/2831 counted three fiscal years). Whether IOP funding is state aid at all (often it is
 * judged a non-economic activity) is for the municipality to decide; it may drop this rule.
 */
export const deMinimisRule = defineRule<DeMinimisParams>({
  code: DE_MINIMIS_EXCEEDED,
  description: {
    sv: "Stöd av mindre betydelse: högst taket (300 000 euro) per organisation under tre år, från alla offentliga givare",
    en: "De minimis aid: at most the ceiling (EUR 300 000) per organisation over three years, from all public givers",
  },
  source:
    "Commission Regulation (EU) 2023/2831, art. 3(2) (EUR 300 000 over three years, from 2024-01-01); earlier (EU) 1407/2013 and (EC) 1998/2006 (EUR 200 000)",
  defaultSeverity: "error",
  appliesTo: ["Granted", "Extended", "Amended"],
  usesOtherAgreements: true,
  parameters: {
    schema: z.object({
      ceilings: z
        .array(
          z.object({
            from: calendarDate,
            eur: z.number().int().positive(),
            regulation: z.string().min(1),
          }),
        )
        .min(1),
      sekPerEur: z.number().positive().finite(),
      years: z.number().int().positive(),
      countedStatuses: z.array(
        z.enum(["new", "applied", "granted", "rejected", "withdrawn", "signed", "terminated"]),
      ),
    }),
    defaults: {
      ceilings: [
        { from: "2007-01-01", eur: 200_000, regulation: "(EC) 1998/2006, then (EU) 1407/2013" },
        { from: "2024-01-01", eur: 300_000, regulation: "(EU) 2023/2831" },
      ],
      sekPerEur: 11,
      years: 3,
      countedStatuses: ["granted", "signed", "terminated"],
    },
  },
  check(input, context, params) {
    const aid = newAid(input);
    if (aid === undefined) return [];
    const ceiling = ceilingOn(params.ceilings, aid.date);
    if (ceiling === undefined) return [];
    const ceilingKronor = ceilingInKronor(ceiling.eur, params.sekPerEur);
    const windowStart = addYears(aid.date, -params.years);
    const organisation = input.state.organisation?.organisationNumber;
    const key = organisation === undefined ? undefined : normaliseOrganisationNumber(organisation);
    const counted = context.otherAgreements.filter(
      (a) =>
        a.agreementId !== input.agreementId &&
        (key === undefined || normaliseOrganisationNumber(a.organisationNumber) === key) &&
        params.countedStatuses.includes(a.status) &&
        a.grantedKronor !== undefined &&
        a.grantedOn !== undefined &&
        a.grantedOn > windowStart &&
        a.grantedOn <= aid.date,
    );
    const earlier = counted.reduce((sum, a) => sum + (a.grantedKronor ?? 0), 0);
    const grantedOn = input.state.decidedOn;
    const thisAgreement =
      !aid.includesThisGrant && grantedOn !== undefined && grantedOn > windowStart
        ? (input.state.grantedKronor ?? 0)
        : 0;
    const total = earlier + thisAgreement + aid.kronor;
    if (total <= ceilingKronor) return [];
    const others = counted.map((a) => a.agreementId).join(", ") || "–";
    return [
      violation(DE_MINIMIS_EXCEEDED, "error", aid.field, {
        sv: `Stödet av mindre betydelse blir ${formatKronor(total)} under ${params.years} år fram till ${aid.date} (${formatKronor(aid.kronor)} nu, ${formatKronor(earlier + thisAgreement)} tidigare; överenskommelser: ${others}), över taket ${ceiling.eur} euro = ${formatKronor(ceilingKronor)} vid kursen ${params.sekPerEur} kr/euro (${ceiling.regulation}) med ${formatKronor(total - ceilingKronor)}`,
        en: `De minimis aid comes to ${formatKronor(total)} over the ${params.years} years up to ${aid.date} (${formatKronor(aid.kronor)} now, ${formatKronor(earlier + thisAgreement)} before; agreements: ${others}), over the ceiling of EUR ${ceiling.eur} = ${formatKronor(ceilingKronor)} at ${params.sekPerEur} SEK/EUR (${ceiling.regulation}) by ${formatKronor(total - ceilingKronor)}`,
      }),
    ];
  },
});
