import { timelineProjection } from "../../built-in/timeline.js";
import { defineTableProjection } from "../table-projection.js";
import { newestView } from "./register-table.js";

/**
 * The partnership timeline as a table, `iop_timeline`: one row per recorded fact of an
 * agreement, with its business date (`on`) and record time, so SQL can draw a partnership's
 * history and ask it on the decision and record clocks (`WHERE on <= … AND recorded_at <= …`).
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
          { name: "agreement_id", type: "text" },
          { name: "seq", type: "integer", description: "1, 2, 3… in the agreement's stream order." },
          { name: "partnership_id", type: "text" },
          { name: "organisation_number", type: "text", nullable: true },
          { name: "event_type", type: "text" },
          {
            name: "on",
            type: "date",
            description: "The fact's business date (decision date, day received, signed…).",
          },
          { name: "recorded_at", type: "instant" },
          { name: "actor", type: "text", nullable: true },
        ],
        indexes: [["partnership_id", "on"]],
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
          on: fact.on,
          recorded_at: fact.recordedAt,
          actor: fact.actor,
        }));
      },
    },
  ],
});
