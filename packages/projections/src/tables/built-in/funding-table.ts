import { fundingProjection, readFunding } from "../../built-in/funding.js";
import { defineTableProjection } from "../table-projection.js";

/**
 * Funding as a table, `iop_funding`: one row per share of an agreement's grant — a calendar
 * year's days with one public party — in whole kronor, so `SELECT public_party, year,
 * sum(kronor) … GROUP BY` gives the funding table.
 */
export const fundingTables = defineTableProjection({
  version: 1,
  projection: fundingProjection,
  tables: [
    {
      schema: {
        name: "iop_funding",
        description: "One row per year and public party of each granted agreement's grant, split by days.",
        group: "agreement_id",
        key: ["share"],
        columns: [
          { name: "agreement_id", type: "text" },
          { name: "share", type: "integer", description: "1, 2, 3… in year order." },
          { name: "year", type: "integer" },
          { name: "public_party", type: "text" },
          { name: "organisation_number", type: "text", nullable: true },
          { name: "priority_area", type: "text", nullable: true },
          { name: "granted_by", type: "text" },
          { name: "period_start", type: "date" },
          { name: "period_end", type: "date" },
          { name: "days", type: "integer" },
          { name: "kronor", type: "integer" },
        ],
        indexes: [["public_party", "year"], ["year"]],
      },
      rowsOf(agreementId, facts) {
        const funding = readFunding({ [agreementId]: facts }).agreements[0];
        if (funding === undefined) return [];
        return funding.shares.map((share, i) => ({
          agreement_id: agreementId,
          share: i + 1,
          year: share.year,
          public_party: share.publicParty,
          organisation_number: funding.organisation.organisationNumber,
          priority_area: funding.priorityArea,
          granted_by: funding.grantedBy,
          period_start: share.period.start,
          period_end: share.period.end,
          days: share.days,
          kronor: share.kronor,
        }));
      },
    },
  ],
});
