import { defineRule, noParameters } from "../rule.js";
import { violation } from "../violation.js";

/** Code of {@link openEndedExtensionRule}. */
export const OPEN_ENDED_EXTENSION = "OPEN_ENDED_EXTENSION";

/**
 * A signed agreement must not be extendable without limit: an IOP with an open-ended extension
 * clause was judged a public contract that should have been procured under LOU.
 */
export const openEndedExtensionRule = defineRule({
  code: OPEN_ENDED_EXTENSION,
  description: {
    sv: "Överenskommelsen saknar obegränsad förlängningsklausul",
    en: "The agreement has no open-ended extension clause",
  },
  source:
    "Case law: Kammarrätten i Göteborg, 2019-05-08, mål 3556-18 (an IOP with unlimited extension was a procurement under LOU, lag (2016:1145) om offentlig upphandling)",
  defaultSeverity: "error",
  appliesTo: ["Signed"],
  parameters: noParameters,
  check({ event }) {
    if (event.type !== "Signed" || event.data.terms.extension.kind !== "open-ended") return [];
    return [
      violation(OPEN_ENDED_EXTENSION, "error", "data.terms.extension.kind", {
        sv: "Överenskommelsen får inte kunna förlängas obegränsat: en IOP med obegränsad förlängning har bedömts vara ett kontrakt som skulle ha upphandlats enligt LOU (Kammarrätten i Göteborg, mål 3556-18). Ange en begränsad förlängning eller ingen.",
        en: "The agreement must not be extendable without limit: an IOP with unlimited extension was judged a contract that had to be procured under LOU (Göteborg administrative court of appeal, case 3556-18). Give a limited extension or none.",
      }),
    ];
  },
});
