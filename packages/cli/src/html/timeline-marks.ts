import type { CalendarDate } from "@iop/core";
import {
  checkDecisionClocks,
  counts,
  type DecisionClocks,
  type FactLogState,
  readAuditTrail,
  rowOf,
  type Timeline,
} from "@iop/projections";

/** A dated thing on the timeline besides the agreements: a decision, a report or an evaluation. */
export type TimelineMark = {
  readonly kind: "decision" | "report" | "evaluation";
  readonly agreementId: string;
  readonly on: CalendarDate;
  /** Swedish words for the mark's tooltip and legend line. */
  readonly label: string;
};

/**
 * The decisions (from the audit trail), period reports and evaluations of a timeline's agreements
 * decided by `decidedBy` and recorded by `recordedBy`, by date. An evaluation's own decision
 * counts as the evaluation, not twice.
 * @throws {RangeError} for bad clocks.
 */
export function timelineMarks(
  state: FactLogState,
  timeline: Timeline,
  clocks: DecisionClocks = {},
): TimelineMark[] {
  const checked = checkDecisionClocks(clocks, "timeline marks");
  const ids = new Set(timeline.agreements.map((a) => a.agreementId));
  const marks: TimelineMark[] = readAuditTrail(state, clocks)
    .filter((entry) => ids.has(entry.agreementId) && entry.eventType !== "Evaluated")
    .map((entry) => ({
      kind: "decision",
      agreementId: entry.agreementId,
      on: entry.date,
      label: `Beslut ${entry.date}: ${entry.eventType}${entry.body === null ? "" : `, ${entry.body}`}`,
    }));
  for (const agreementId of ids)
    for (const fact of rowOf(state, agreementId) ?? []) {
      if (!counts(fact, checked)) continue;
      if (fact.type === "PeriodReported")
        marks.push({
          kind: "report",
          agreementId,
          on: fact.on,
          label: `Rapport ${fact.on} (${fact.data.period.start} – ${fact.data.period.end})`,
        });
      if (fact.type === "Evaluated")
        marks.push({ kind: "evaluation", agreementId, on: fact.on, label: `Utvärdering ${fact.on}` });
    }
  return marks.sort((a, b) => a.on.localeCompare(b.on));
}
