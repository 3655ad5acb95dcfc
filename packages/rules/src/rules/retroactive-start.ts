import { defineRule, noParameters } from "../rule.js";
import { violation } from "../violation.js";

/** Code of {@link retroactiveStartRule}. */
export const RETROACTIVE_START = "RETROACTIVE_START";

/**
 * A grant whose period starts before the decision is retroactive. That is allowed (Husby 2022:
 * decided 2022-03-24 for 2022-01-01 → 2022-12-31) but worth a note on the record, since the
 * partnership ran for a while without a decision.
 */
export const retroactiveStartRule = defineRule({
  code: RETROACTIVE_START,
  description: {
    sv: "Perioden börjar före beslutsdagen (retroaktivt beviljande)",
    en: "The period starts before the decision date (retroactive grant)",
  },
  source:
    "Observed: Rinkeby-Kista stadsdelsnämnd, decision 2022-03-24 on Husby Konst- och Hantverksförening (period from 2022-01-01)",
  defaultSeverity: "warning",
  appliesTo: ["Granted"],
  parameters: noParameters,
  check({ event }) {
    if (event.type !== "Granted") return [];
    const { period, decision } = event.data;
    if (period.start >= decision.date) return [];
    return [
      violation(RETROACTIVE_START, "warning", "data.period.start", {
        sv: `Perioden börjar ${period.start}, före beslutsdagen ${decision.date}: medlen beviljas retroaktivt`,
        en: `The period starts on ${period.start}, before the decision date ${decision.date}: the grant is retroactive`,
      }),
    ];
  },
});
