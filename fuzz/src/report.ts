import { failures, type Tally } from "./tally.js";

const COLUMNS = [
  ["adapter", (t: Tally) => t.adapter],
  ["inputs", (t: Tally) => t.inputs],
  ["crashes", (t: Tally) => t.crashes],
  ["untyped", (t: Tally) => t.untyped],
  ["changed", (t: Tally) => t.changed],
  ["partial", (t: Tally) => t.partial],
  ["acknowledged", (t: Tally) => t.acknowledged],
  ["refused", (t: Tally) => Object.values(t.refusals).reduce((a, b) => a + b, 0)],
  ["time", (t: Tally) => `${t.seconds.toFixed(1)}s`],
] as const;

/**
 * One row per adapter: inputs, the four counters that must be 0 (crashes, untyped errors,
 * acknowledged-but-changed, partial writes), then how many inputs were acknowledged and refused.
 */
export function resultTable(tallies: readonly Tally[]): string {
  const rows = [
    COLUMNS.map(([title]) => title),
    ...tallies.map((t) => COLUMNS.map(([, cell]) => String(cell(t)))),
  ];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => (row[i] as string).length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join("  "),
    )
    .join("\n");
}

/** Each adapter's refusals by error code, most frequent first. */
export function refusalLines(tallies: readonly Tally[]): string[] {
  return tallies.map(
    (t) =>
      `${t.adapter} refusals: ${
        Object.entries(t.refusals)
          .sort(([, a], [, b]) => b - a)
          .map(([code, n]) => `${code} ${n}`)
          .join(", ") || "none"
      }`,
  );
}

/** The first counterexamples of every adapter with a non-zero counter. */
export function counterexampleLines(tallies: readonly Tally[]): string[] {
  return tallies
    .filter((t) => failures(t) > 0)
    .flatMap((t) => [
      `${t.adapter}: first counterexamples`,
      ...t.examples.map(
        (e) =>
          `  ${e.phase} run ${e.run}: ${e.verdict} — ${e.input}${e.detail === "" ? "" : ` — ${e.detail}`}`,
      ),
    ]);
}

/** `fuzz: 60000 inputs, 0 crashes, 0 untyped, 0 changed, 0 partial`. */
export function totalsLine(tallies: readonly Tally[]): string {
  const sum = (pick: (t: Tally) => number) => tallies.reduce((n, t) => n + pick(t), 0);
  return (
    `fuzz: ${sum((t) => t.inputs)} inputs, ${sum((t) => t.crashes)} crashes, ${sum((t) => t.untyped)} untyped, ` +
    `${sum((t) => t.changed)} changed, ${sum((t) => t.partial)} partial`
  );
}
