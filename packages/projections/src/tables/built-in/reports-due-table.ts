import { calendarYears } from "../../built-in/calendar-years.js";
import { covered, dueDate, reportsDueProjection } from "../../built-in/reports-due.js";
import { defineTableProjection } from "../table-projection.js";
import { newestView } from "./register-table.js";

/** Months after a year's end that its report is due by: the end of March, as in the Husby agreements. */
const DUE_MONTHS_AFTER_YEAR_END = 3;

/**
 * The annual reports agreements owe, as a table, `iop_reports_due`: one row per calendar year
 * of each granted agreement's days, with its due date and whether (and when) the reports
 * handed in cover it. Overdue on a day D: `WHERE due_on < D AND (reported_on IS NULL OR reported_on > D)`.
 */
export const reportsDueTables = defineTableProjection({
  version: 1,
  projection: reportsDueProjection,
  tables: [
    {
      schema: {
        name: "iop_reports_due",
        description: "One row per annual report an agreement owes.",
        group: "agreement_id",
        key: ["year"],
        columns: [
          { name: "agreement_id", type: "text", description: "The agreement that owes the report." },
          { name: "year", type: "integer", description: "The calendar year reported on." },
          {
            name: "organisation_number",
            type: "text",
            nullable: true,
            description: "The organisation's number, as recorded.",
          },
          {
            name: "public_party",
            type: "text",
            nullable: true,
            description: "Who is owed the report (after successions).",
          },
          { name: "period_start", type: "date", description: "First day of the agreement in that year." },
          { name: "period_end", type: "date", description: "Last day of the agreement in that year." },
          { name: "due_on", type: "date", description: "The last day of March after the year." },
          {
            name: "reported_on",
            type: "date",
            nullable: true,
            description: "The day the reports covering the year were complete; null while they are not.",
          },
        ],
        indexes: [["due_on"], ["public_party"]],
      },
      rowsOf(agreementId, facts) {
        const view = newestView(agreementId, facts);
        if (view === undefined) return [];
        const { period, runsUntil } = view;
        if (period === null || runsUntil === null || view.dates.grantedOn === null) return [];
        if (view.status === "withdrawn" || view.status === "rejected" || runsUntil < period.start) return [];
        return calendarYears({ start: period.start, end: runsUntil }).map((slice) => {
          // The day the year became covered: the report day by which those handed in cover it.
          const overlapping = view.reports
            .filter((r) => r.period.start <= slice.period.end && r.period.end >= slice.period.start)
            .sort((a, b) => a.reportedOn.localeCompare(b.reportedOn));
          let reportedOn: string | null = null;
          for (let i = 0; i < overlapping.length && reportedOn === null; i++)
            if (
              covered(
                slice.period,
                overlapping.slice(0, i + 1).map((r) => r.period),
              )
            )
              reportedOn = overlapping[i]?.reportedOn ?? null;
          return {
            agreement_id: agreementId,
            year: slice.year,
            organisation_number: view.organisation.organisationNumber,
            public_party: view.publicParties[0]?.name ?? null,
            period_start: slice.period.start,
            period_end: slice.period.end,
            due_on: dueDate(slice.year, DUE_MONTHS_AFTER_YEAR_END),
            reported_on: reportedOn,
          };
        });
      },
    },
  ],
});
