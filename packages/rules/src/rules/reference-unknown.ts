import { defineRule, noParameters } from "../rule.js";
import { violation } from "../violation.js";
import { referencedAgreementIds, referencesOf } from "./references.js";

/** Code of {@link referenceUnknownRule}. */
export const REFERENCE_UNKNOWN = "REFERENCE_UNKNOWN";

/**
 * An application's predecessor (`data.predecessorAgreementId`) and every other agreement an
 * evaluation covers (`data.scope.N`) should be agreements the caller's lookup by id knows. A
 * warning by default: a store often begins in the middle of a partnership (Rinkeby-Kista's 2022
 * decisions name Husby's agreement of 2019, which a record of 2022 alone does not hold). A city
 * that records every agreement makes it an error with `configure`. Checks nothing when the
 * caller gave no lookup by id.
 */
export const referenceUnknownRule = defineRule({
  code: REFERENCE_UNKNOWN,
  description: {
    sv: "Föregående överenskommelse och de överenskommelser en utvärdering omfattar finns",
    en: "The predecessor agreement and the agreements an evaluation covers exist",
  },
  source: "Data integrity: a partnership is a chain of agreements (Husby 2019–2024)",
  defaultSeverity: "warning",
  appliesTo: ["Applied", "Evaluated"],
  referencedAgreementIds,
  parameters: noParameters,
  check(input, { referencedAgreements }) {
    if (referencedAgreements === undefined) return [];
    return referencesOf(input)
      .filter((r) => !referencedAgreements.has(r.agreementId))
      .map(({ field, agreementId, role }) =>
        violation(
          REFERENCE_UNKNOWN,
          "warning",
          field,
          {
            sv: `${role.sv} ${agreementId} är okänd: ingen ansökan om den är registrerad`,
            en: `${role.en} ${agreementId} is unknown: no application for it is recorded`,
          },
          { agreementId },
        ),
      );
  },
});
