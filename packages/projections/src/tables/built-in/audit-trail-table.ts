import type { Json } from "@iop/core";
import { auditTrailProjection, readAuditTrail } from "../../built-in/audit-trail.js";
import { defineTableProjection } from "../table-projection.js";

/**
 * The decision audit trail as a table, `iop_audit_trail`: one row per decision on an agreement,
 * who took it and when, who recorded it and when, with its points, signatories and the
 * agreement before and after in `doc`.
 */
export const auditTrailTables = defineTableProjection({
  version: 1,
  projection: auditTrailProjection,
  tables: [
    {
      schema: {
        name: "iop_audit_trail",
        description: "One row per decision on an agreement, in decision-date order.",
        group: "agreement_id",
        key: ["seq"],
        columns: [
          { name: "agreement_id", type: "text", description: "The agreement decided on." },
          { name: "seq", type: "integer", description: "1, 2, 3… in decision-date order." },
          { name: "organisation", type: "text", description: "The organisation's name." },
          {
            name: "event_type",
            type: "text",
            description:
              "Granted, Rejected, Extended, Amended, Renegotiated, RenewalDeclined, Terminated, Evaluated.",
          },
          {
            name: "body",
            type: "text",
            nullable: true,
            description: "The deciding body; null for a termination no board decision is attached to.",
          },
          { name: "decided_on", type: "date", description: "The decision's date." },
          { name: "case_number", type: "text", nullable: true, description: "Diarienummer, if given." },
          {
            name: "actor",
            type: "text",
            nullable: true,
            description: "Who recorded it (`metadata.actor`), if given.",
          },
          { name: "recorded_at", type: "instant", description: "When the store recorded it (UTC)." },
          {
            name: "doc",
            type: "json",
            description: "Points, signatories, and the agreement before and after.",
          },
        ],
        indexes: [["decided_on"], ["case_number"]],
      },
      rowsOf(agreementId, facts) {
        return readAuditTrail({ [agreementId]: facts }, { agreementId }).map((entry, i) => ({
          agreement_id: agreementId,
          seq: i + 1,
          organisation: entry.organisation,
          event_type: entry.eventType,
          body: entry.body,
          decided_on: entry.date,
          case_number: entry.caseNumber,
          actor: entry.actor,
          recorded_at: entry.recordedAt,
          doc: {
            points: entry.points,
            signatories: entry.signatories,
            before: entry.before,
            after: entry.after,
          } as unknown as Json,
        }));
      },
    },
  ],
});
