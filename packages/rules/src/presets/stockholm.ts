import { stockholmDistrictCouncils } from "../reference/stockholm-district-councils.js";
import { configure, extend, type RuleSet, ruleEntry } from "../rule-set.js";
import { AGREEMENT_TOO_LONG } from "../rules/agreement-too-long.js";
import { authorityInForceRule } from "../rules/authority-in-force.js";
import { REPORT_LATE } from "../rules/report-late.js";
import { genericSwedishRules } from "./generic-swedish.js";

/**
 * The City of Stockholm's set, for agreements under "Stockholms stads riktlinjer för idéburet
 * offentligt partnerskap" (Kommunfullmäktige 2017, utlåtande 2017:240, Dnr 171-84/2017):
 * the generic Swedish rules, plus the check that the deciding district council existed on the
 * decision date (reference data {@link stockholmDistrictCouncils}), with Stockholm's parameters
 * stated explicitly:
 * - period reports for year N due by 31 March of N+1 (the terms of the district councils'
 *   agreements, e.g. Husby Konst- och Hantverksförening with Rinkeby-Kista/Järva);
 * - a warning above 36 months (the longest terms observed in the city's agreements).
 */
export const stockholmRules: RuleSet = extend(
  configure(
    configure(genericSwedishRules, REPORT_LATE, {
      params: { deadline: { kind: "following-year", month: 3, day: 31 } },
    }),
    AGREEMENT_TOO_LONG,
    { params: { maxMonths: 36 } },
  ),
  ruleEntry(authorityInForceRule, { params: { registry: stockholmDistrictCouncils } }),
);
