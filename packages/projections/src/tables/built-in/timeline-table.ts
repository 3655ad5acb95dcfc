import { timelineProjection } from "../../built-in/timeline.js";
import { defineTableProjection } from "../table-projection.js";
import { newestView } from "./register-table.js";

/**
 * The partnership timeline as a table, `iop_timeline`: one row per recorded fact of an
 * agreement, with its business date (`business_date`) and record time, so SQL can draw a partnership's
 * history and ask it on the decision and record clocks (`WHERE business_date <= … AND recorded_at <= …`).
 */
export const timelineTables = defineTableProjection({
  version: 1,
  projection: timelineProjection,
  tables: [
    {
      schema: {
        name: "iop_timeline",
        description: "One row per fact of an agreement, in stream order.",
        group: "agreement_id",
        key: ["seq"],
        columns: [
          { name: "agreement_id", type: "text", description: "The agreement the fact is about." },
          { name: "seq", type: "integer", description: "1, 2, 3… in the agreement's stream order." },
          {
            name: "partnership_id",
            type: "text",
            description: "The agreement's partnership: filter on it for one partnership's history.",
          },
          {
            name: "organisation_number",
            type: "text",
            nullable: true,
            description: "The organisation's number, as recorded.",
          },
          {
            name: "event_type",
            type: "text",
            description: "Applied, Granted, Signed, Extended, Terminated, PublicPartySucceeded…",
          },
          {
            name: "business_date",
            type: "date",
            description: "The fact's business date (decision date, day received, signed…).",
          },
          { name: "recorded_at", type: "instant", description: "When the store recorded it (UTC)." },
          {
            name: "actor",
            type: "text",
            nullable: true,
            description: "Who recorded it (`metadata.actor`), if given.",
          },
        ],
        indexes: [["partnership_id", "business_date"]],
      },
      rowsOf(agreementId, facts) {
        const view = newestView(agreementId, facts);
        if (view === undefined) return [];
        return facts.map((fact, i) => ({
          agreement_id: agreementId,
          seq: i + 1,
          partnership_id: view.partnershipId,
          organisation_number: view.organisation.organisationNumber,
          event_type: fact.type,
          business_date: fact.on,
          recorded_at: fact.recordedAt,
          actor: fact.actor,
        }));
      },
    },
  ],
});
