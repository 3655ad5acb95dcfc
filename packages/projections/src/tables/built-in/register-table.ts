import type { Json } from "@iop/core";
import type { Fact } from "../../built-in/facts.js";
import { readRegister, registerProjection } from "../../built-in/register.js";
import { defineTableProjection } from "../table-projection.js";

/** One agreement's register view on the newest knowledge: what every built-in table starts from. */
export function newestView(agreementId: string, facts: readonly Fact[]) {
  return readRegister({ [agreementId]: facts })[0];
}

/**
 * The agreement register as a table, `iop_register`: one row per agreement on the newest
 * knowledge, with typed columns for what a city filters on and the whole view in `doc`.
 * Its state per agreement is the register's facts, so `loadTableState` + `readRegister` answer
 * on any clocks.
 */
export const registerTables = defineTableProjection({
  version: 1,
  projection: registerProjection,
  tables: [
    {
      schema: {
        name: "iop_register",
        description: "One row per agreement, as everything recorded makes it.",
        group: "agreement_id",
        key: [],
        columns: [
          {
            name: "agreement_id",
            type: "text",
            description: "The agreement (its stream is `agreement-<id>`).",
          },
          { name: "partnership_id", type: "text", description: "The partnership the agreement belongs to." },
          {
            name: "predecessor_agreement_id",
            type: "text",
            nullable: true,
            description: "The agreement this one continues, if any.",
          },
          { name: "organisation_name", type: "text", description: "The non-profit organisation." },
          {
            name: "organisation_number",
            type: "text",
            nullable: true,
            description: "Its organisation number, as recorded.",
          },
          {
            name: "public_party",
            type: "text",
            nullable: true,
            description: "The (first) public party after successions.",
          },
          {
            name: "status",
            type: "text",
            description: "applied, granted, rejected, withdrawn, signed or terminated",
          },
          { name: "purpose", type: "text", description: "The purpose, as amended." },
          {
            name: "priority_area",
            type: "text",
            nullable: true,
            description: "The public party's priority area, if the application named one.",
          },
          { name: "requested_kronor", type: "integer", description: "Whole kronor applied for." },
          {
            name: "granted_kronor",
            type: "integer",
            nullable: true,
            description: "As granted, extended and amended.",
          },
          { name: "granted_by", type: "text", nullable: true, description: "The body that granted it." },
          {
            name: "period_start",
            type: "date",
            nullable: true,
            description: "First day of the agreement period.",
          },
          {
            name: "period_end",
            type: "date",
            nullable: true,
            description: "Last day of the period, as extended and amended.",
          },
          {
            name: "runs_until",
            type: "date",
            nullable: true,
            description: "The period's end, or an earlier termination.",
          },
          { name: "received_on", type: "date", description: "The day the application was received." },
          { name: "granted_on", type: "date", nullable: true, description: "Date of the grant decision." },
          {
            name: "signed_on",
            type: "date",
            nullable: true,
            description: "The day the agreement was signed.",
          },
          {
            name: "terminated_on",
            type: "date",
            nullable: true,
            description: "The day a termination was decided.",
          },
          { name: "doc", type: "json", description: "The whole register row: dates, successions, reports." },
        ],
        indexes: [["partnership_id"], ["organisation_number"], ["public_party"], ["status"]],
      },
      rowsOf(agreementId, facts) {
        const view = newestView(agreementId, facts);
        if (view === undefined) return [];
        return [
          {
            agreement_id: agreementId,
            partnership_id: view.partnershipId,
            predecessor_agreement_id: view.predecessorAgreementId,
            organisation_name: view.organisation.name,
            organisation_number: view.organisation.organisationNumber,
            public_party: view.publicParties[0]?.name ?? null,
            status: view.status,
            purpose: view.purpose,
            priority_area: view.priorityArea,
            requested_kronor: view.requestedKronor,
            granted_kronor: view.grantedKronor,
            granted_by: view.grantedBy,
            period_start: view.period?.start ?? null,
            period_end: view.period?.end ?? null,
            runs_until: view.runsUntil,
            received_on: view.dates.receivedOn,
            granted_on: view.dates.grantedOn,
            signed_on: view.dates.signedOn,
            terminated_on: view.dates.terminatedOn,
            doc: { ...view, inForce: null } as unknown as Json,
          },
        ];
      },
    },
  ],
});
