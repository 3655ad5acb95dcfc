import type { Contribution } from "@iop/core";
import { z } from "zod";
import { defineRule } from "../rule.js";
import { violation } from "../violation.js";

/** Code of {@link oneSidedContributionRule}. */
export const ONE_SIDED_CONTRIBUTION = "ONE_SIDED_CONTRIBUTION";

/** Parameters of {@link oneSidedContributionRule}. */
export interface OneSidedContributionParams {
  /** When true, a list of contributions that is empty is a violation too (default false: not stated). */
  readonly requireContributions: boolean;
}

/**
 * Both parties must contribute something. When only the public side contributes — typically
 * only money, with nothing from the organisation — it is a purchase, not a partnership. A list
 * with no contributions at all means they were not stated, which passes unless
 * `requireContributions` is set. Checked on the application, the signed terms and amendments.
 */
export const oneSidedContributionRule = defineRule<OneSidedContributionParams>({
  code: ONE_SIDED_CONTRIBUTION,
  description: {
    sv: "Båda parter bidrar med något (annars är det ett köp, inte en IOP)",
    en: "Both parties contribute something (otherwise it is a purchase, not an IOP)",
  },
  source:
    "Guidance: Forum – Idéburna organisationer med social inriktning, and SKR, on IOP (both parties contribute resources towards a shared goal)",
  defaultSeverity: "error",
  appliesTo: ["Applied", "Signed", "Amended"],
  parameters: {
    schema: z.object({ requireContributions: z.boolean() }),
    defaults: { requireContributions: false },
  },
  check({ event }, _context, { requireContributions }) {
    let field: string;
    let contributions: readonly Contribution[] | undefined;
    switch (event.type) {
      case "Applied":
        field = "data.contributions";
        contributions = event.data.contributions;
        break;
      case "Signed":
        field = "data.terms.contributions";
        contributions = event.data.terms.contributions;
        break;
      case "Amended":
        field = "data.changes.contributions";
        contributions = event.data.changes.contributions;
        break;
      default:
        return [];
    }
    if (contributions === undefined) return [];
    if (contributions.length === 0)
      return requireContributions
        ? [
            violation(ONE_SIDED_CONTRIBUTION, "error", field, {
              sv: "Parternas bidrag är inte angivna: båda parter ska bidra med något",
              en: "The parties' contributions are not stated: both parties must contribute something",
            }),
          ]
        : [];
    const fromPublic = contributions.filter((c) => c.party === "public");
    const fromOrganisation = contributions.filter((c) => c.party === "organisation");
    if (fromOrganisation.length === 0) {
      const onlyMoney = fromPublic.every((c) => c.kind === "money");
      return [
        violation(ONE_SIDED_CONTRIBUTION, "error", field, {
          sv: `Bara den offentliga parten bidrar${onlyMoney ? " och bara med pengar" : ""}, inget från organisationen: det är ett köp, inte ett idéburet offentligt partnerskap`,
          en: `Only the public party contributes${onlyMoney ? ", and only money" : ""}, nothing from the organisation: that is a purchase, not an IOP`,
        }),
      ];
    }
    if (fromPublic.length === 0)
      return [
        violation(ONE_SIDED_CONTRIBUTION, "error", field, {
          sv: "Bara organisationen bidrar, inget från den offentliga parten: det är inte ett partnerskap",
          en: "Only the organisation contributes, nothing from the public party: that is not a partnership",
        }),
      ];
    return [];
  },
});
