import type { AuditEntry, FundingReport, RegisterRow, ReportDue, Timeline } from "@iop/projections";
import { kronor, kronorOrDash, period } from "./swedish.js";
import { table } from "./table.js";

const yesNo = (value: boolean | null) => (value === null ? "–" : value ? "yes" : "no");

/** The register: one line per agreement. */
export function registerTable(rows: readonly RegisterRow[]): string[] {
  return table(
    [
      { heading: "agreement" },
      { heading: "organisation" },
      { heading: "status" },
      { heading: "in force" },
      { heading: "granted", right: true },
      { heading: "period" },
      { heading: "runs until" },
    ],
    rows.map((r) => [
      r.agreementId,
      r.organisation.name,
      r.status,
      yesNo(r.inForce),
      kronorOrDash(r.grantedKronor),
      period(r.period),
      r.runsUntil ?? "–",
    ]),
  );
}

/** Each partnership: a heading, its agreements in order, and its gaps. */
export function timelineTable(timelines: readonly Timeline[]): string[] {
  return timelines.flatMap((t, i) => [
    ...(i === 0 ? [] : [""]),
    `${t.organisation.name} — ${t.publicParties.join(", ")}`,
    ...table(
      [
        { heading: "agreement" },
        { heading: "follows" },
        { heading: "status" },
        { heading: "period" },
        { heading: "runs until" },
        { heading: "granted", right: true },
      ],
      t.agreements.map((a) => [
        a.agreementId,
        a.predecessorAgreementId ?? "–",
        a.status,
        period(a.period),
        a.runsUntil,
        kronorOrDash(a.grantedKronor),
      ]),
    ),
    ...t.gaps.map((g) => `gap: ${g.from} – ${g.to ?? "(open)"}`),
    ...t.successions.map((s) => `succession: ${s.from} → ${s.to} from ${s.effectiveOn}`),
  ]);
}

/** Granted kronor by year, public party and priority area, then the totals by year and in all. */
export function fundingTable(report: FundingReport): string[] {
  return [
    ...table(
      [
        { heading: "year" },
        { heading: "public party" },
        { heading: "priority area" },
        { heading: "kronor", right: true },
      ],
      [...report.rows]
        .sort((a, b) => a.year - b.year)
        .map((r) => [String(r.year), r.publicParty, r.priorityArea ?? "–", kronor(r.kronor)]),
    ),
    "",
    ...table(
      [{ heading: "year" }, { heading: "kronor", right: true }],
      Object.entries(report.byYear).map(([year, amount]) => [year, kronor(amount)]),
    ),
    `total: ${kronor(report.total)}`,
  ];
}

/** The period reports due or overdue. */
export function reportsDueTable(due: readonly ReportDue[]): string[] {
  return table(
    [
      { heading: "agreement" },
      { heading: "organisation" },
      { heading: "year" },
      { heading: "period" },
      { heading: "due on" },
      { heading: "status" },
    ],
    due.map((r) => [r.agreementId, r.organisation.name, String(r.year), period(r.period), r.dueOn, r.status]),
  );
}

/** The decisions: when, on what, by whom, and what they changed. */
export function auditTrailTable(entries: readonly AuditEntry[]): string[] {
  return table(
    [
      { heading: "date" },
      { heading: "agreement" },
      { heading: "decision" },
      { heading: "body" },
      { heading: "case" },
      { heading: "status" },
      { heading: "granted", right: true },
      { heading: "recorded by" },
    ],
    entries.map((e) => [
      e.date,
      e.agreementId,
      e.eventType,
      e.body ?? "–",
      e.caseNumber ?? "–",
      `${e.before?.status ?? "–"} → ${e.after.status}`,
      kronorOrDash(e.after.grantedKronor),
      e.actor ?? "–",
    ]),
  );
}
