import { addCalendarDays, addCalendarMonths, type Period } from "@iop/core";
import { z } from "zod";
import { defineRule } from "../rule.js";
import { violation } from "../violation.js";

/** Code of {@link agreementTooLongRule}. */
export const AGREEMENT_TOO_LONG = "AGREEMENT_TOO_LONG";

/** Parameters of {@link agreementTooLongRule}. */
export interface AgreementTooLongParams {
  /** Longest period, in months, that passes (default 36). */
  readonly maxMonths: number;
}

/**
 * The last day of a period of `months` months from `start`: the day before the same day
 * `months` later (2022-01-01 + 36 months → 2024-12-31).
 */
export function lastDayWithin(start: string, months: number): string {
  return addCalendarDays(addCalendarMonths(start, months), -1);
}

/**
 * An agreement longer than `maxMonths` (default 36) is flagged: observed IOP terms run 12 months
 * to 3 years, and a long term without competition draws the procurement question. Checked on the
 * requested, granted, extended and amended period, and on a signed limited extension clause
 * (period plus the longest extension it allows).
 */
export const agreementTooLongRule = defineRule<AgreementTooLongParams>({
  code: AGREEMENT_TOO_LONG,
  description: {
    sv: "Överenskommelsens period är längre än tillåtet antal månader",
    en: "The agreement period is longer than the allowed number of months",
  },
  source: "Observed practice: IOP terms of 12 months to 3 years; a municipality sets its own limit",
  defaultSeverity: "warning",
  appliesTo: ["Applied", "Granted", "Signed", "Extended", "Amended"],
  parameters: {
    schema: z.object({ maxMonths: z.number().int().positive() }),
    defaults: { maxMonths: 36 },
  },
  check({ event, state }, _context, { maxMonths }) {
    const tooLong = (field: string, period: Period, what: { sv: string; en: string }) => {
      const limit = lastDayWithin(period.start, maxMonths);
      if (period.end <= limit) return [];
      return [
        violation(AGREEMENT_TOO_LONG, "warning", field, {
          sv: `${what.sv} ${period.start} – ${period.end} är längre än ${maxMonths} månader (sista dag inom gränsen: ${limit})`,
          en: `${what.en} ${period.start} – ${period.end} is longer than ${maxMonths} months (last day within the limit: ${limit})`,
        }),
      ];
    };
    switch (event.type) {
      case "Applied":
        return tooLong("data.requestedPeriod.end", event.data.requestedPeriod, {
          sv: "Den sökta perioden",
          en: "The requested period",
        });
      case "Granted":
        return tooLong("data.period.end", event.data.period, {
          sv: "Den beviljade perioden",
          en: "The granted period",
        });
      case "Extended":
        return state.period === undefined
          ? []
          : tooLong(
              "data.newEnd",
              { start: state.period.start, end: event.data.newEnd },
              { sv: "Den förlängda perioden", en: "The extended period" },
            );
      case "Amended":
        return event.data.changes.period === undefined
          ? []
          : tooLong("data.changes.period.end", event.data.changes.period, {
              sv: "Den ändrade perioden",
              en: "The amended period",
            });
      case "Signed": {
        const extension = event.data.terms.extension;
        if (extension.kind !== "limited" || state.period === undefined) return [];
        return tooLong(
          "data.terms.extension.maxMonths",
          { start: state.period.start, end: addCalendarMonths(state.period.end, extension.maxMonths) },
          {
            sv: `Perioden inklusive förlängning med högst ${extension.maxMonths} månader,`,
            en: `The period including an extension of at most ${extension.maxMonths} months,`,
          },
        );
      }
      default:
        return [];
    }
  },
});
