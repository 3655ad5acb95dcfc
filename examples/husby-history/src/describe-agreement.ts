import { type AgreementState, type CalendarDate, effectiveEnd } from "@iop/core";

const grouping = new Intl.NumberFormat("sv-SE");
/** Swedish digit grouping with plain spaces, so output is easy to grep and paste. */
const kronor = { format: (n: number) => grouping.format(n).replace(/\s/g, " ") };

/** A few lines that say where one agreement stands, as a case officer would read them. */
export function describeAgreement(state: AgreementState, today: CalendarDate): string[] {
  const end = effectiveEnd(state);
  const ended = end !== undefined && end < today && ["signed", "terminated"].includes(state.status);
  const lines = [
    `${state.agreementId}  [${state.status}${ended ? `, ended ${end}` : ""}]`,
    `  parties:   ${state.organisation?.name ?? "?"} — ${state.publicParties.map((p) => p.name).join(", ")}`,
  ];
  if (state.period !== undefined)
    lines.push(
      `  period:    ${state.period.start} → ${state.period.end}, ${kronor.format(state.grantedKronor ?? 0)} kr, decided ${state.decidedOn}, signed ${state.signedOn ?? "—"}`,
    );
  if (state.predecessorAgreementId !== undefined) lines.push(`  continues: ${state.predecessorAgreementId}`);
  for (const s of state.successions) lines.push(`  succeeded: ${s.from} → ${s.to} from ${s.effectiveOn}`);
  const reports = state.reports.map((r) => `${r.start}–${r.end}`);
  lines.push(`  reports:   ${reports.length > 0 ? reports.join(", ") : "none recorded"}`);
  for (const e of state.evaluations)
    lines.push(`  evaluated: ${e.evaluatedOn}, covering ${e.scope.join(", ")}`);
  if (state.renegotiation !== undefined)
    lines.push(`  renegotiation commissioned ${state.renegotiation.decidedOn}`);
  return lines;
}
