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
          { name: "agreement_id", type: "text", description: "The granted agreement." },
          { name: "share", type: "integer", description: "1, 2, 3… in year order." },
          { name: "year", type: "integer", description: "The calendar year of the share." },
          {
            name: "public_party",
            type: "text",
            description: "The public party funding those days (after successions).",
          },
          {
            name: "organisation_number",
            type: "text",
            nullable: true,
            description: "The organisation's number, as recorded.",
          },
          {
            name: "priority_area",
            type: "text",
            nullable: true,
            description: "The priority area of the application, if any.",
          },
          { name: "granted_by", type: "text", description: "The body that granted the agreement." },
          { name: "period_start", type: "date", description: "First day of the share." },
          { name: "period_end", type: "date", description: "Last day of the share." },
          { name: "days", type: "integer", description: "Days of the agreement in the share." },
          {
            name: "kronor",
            type: "integer",
            description: "Whole kronor of the grant falling on those days.",
          },
        ],
        indexes: [["public_party", "year"], ["year"]],
      },
      rowsOf(agreementId, facts) {
        const funding = readFunding({ [agreementId]: facts }, { followSuccessions: true }).agreements[0];
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
