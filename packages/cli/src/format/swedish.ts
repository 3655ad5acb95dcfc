import type { Period } from "@iop/core";

/**
 * Kronor as Swedish text: `324 000 kr`. The thousands are grouped with a plain space, not the
 * no-break space `Intl.NumberFormat("sv-SE")` writes, so an amount copied from the terminal
 * pastes and searches as typed.
 */
export function kronor(amount: number): string {
  const sign = amount < 0 ? "−" : "";
  const digits = String(Math.abs(Math.round(amount)));
  return `${sign}${digits.replace(/\B(?=(\d{3})+$)/g, " ")} kr`;
}

/** Kronor, or a dash where there is no amount (not granted). */
export const kronorOrDash = (amount: number | null): string => (amount === null ? "–" : kronor(amount));

/** A period as `2022-01-01 – 2022-12-31`; dates stay ISO (YYYY-MM-DD). */
export const period = (p: Period | null): string => (p === null ? "–" : `${p.start} – ${p.end}`);
