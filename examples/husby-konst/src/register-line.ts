import type { RegisterRow } from "@iop/projections";

const grouping = new Intl.NumberFormat("sv-SE");

/** Whole kronor with Swedish digit grouping and plain spaces (`324 000 kr`), easy to grep. */
export function kronor(amount: number): string {
  return `${grouping.format(amount).replace(/\s/g, " ")} kr`;
}

/**
 * One register row as a line: agreement, status, whether it is in force on the register's day,
 * the granted amount, the period and the public party (after any succession).
 */
export function registerLine(row: RegisterRow): string {
  return [
    row.agreementId,
    row.status,
    row.inForce ? "in force" : "not in force",
    row.grantedKronor === null ? "–" : kronor(row.grantedKronor),
    row.period === null ? "–" : `${row.period.start} – ${row.period.end}`,
    row.publicParties.map((p) => p.name).join(", "),
  ].join("  ");
}
