import type { CalendarDate } from "@iop/core";
import type { Timeline } from "@iop/projections";
import { kronorOrDash } from "../format/swedish.js";
import type { TimelineMark } from "./timeline-marks.js";

const WIDTH = 1160;
const LEFT = 40;
const PLOT = WIDTH - 2 * LEFT;
const TOP = 60;
const ROW = 44;
/** Each mark's shape: its element and geometry at (x, y). */
const MARK_SHAPES: Record<TimelineMark["kind"], (x: number, y: number) => [string, string]> = {
  decision: (x, y) => ["circle", `cx="${x}" cy="${y}" r="6"`],
  report: (x, y) => ["rect", `x="${x - 5}" y="${y - 5}" width="10" height="10"`],
  evaluation: (x, y) => ["path", `d="M${x} ${y - 8}L${x + 8} ${y}L${x} ${y + 8}L${x - 8} ${y}Z"`],
};
const MARK_NAMES: Record<TimelineMark["kind"], string> = {
  decision: "Beslut",
  report: "Rapport",
  evaluation: "Utvärdering",
};

/** Text safe inside an element or a double-quoted attribute. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const dayNumber = (date: CalendarDate): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/**
 * The partnership timeline as one self-contained HTML page: inline CSS and SVG, no scripts and no
 * URLs, Swedish labels. Each agreement is a bar (`data-agreement-id`), each decision, report and
 * evaluation a mark (`data-kind`), each gap a hatched rect (`data-kind="gap"`), each succession a
 * dashed line (`data-kind="succession"`); years run along the axis.
 */
export function timelinePage(timeline: Timeline, marks: readonly TimelineMark[]): string {
  const dates = [
    ...timeline.agreements.flatMap((a) => [a.period.start, a.runsUntil]),
    ...marks.map((m) => m.on),
    ...timeline.gaps.flatMap((g) => (g.to === null ? [g.from] : [g.from, g.to])),
  ].sort();
  const firstYear = Number((dates[0] ?? "2000").slice(0, 4));
  const lastYear = Number((dates.at(-1) ?? "2000").slice(0, 4)) + 1;
  const origin = dayNumber(`${firstYear}-01-01`);
  const span = dayNumber(`${lastYear}-01-01`) - origin;
  const x = (date: CalendarDate) => Math.round((LEFT + ((dayNumber(date) - origin) / span) * PLOT) * 10) / 10;
  const end = `${lastYear}-01-01`;
  const bandBottom = TOP + timeline.agreements.length * ROW;
  const marksY = bandBottom + 30;
  const axisY = marksY + 30;
  const height = axisY + 30;

  const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i).map((year) => {
    const at = x(`${year}-01-01`);
    return `<line class="tick" x1="${at}" y1="${TOP - 10}" x2="${at}" y2="${axisY}"/><text class="year" x="${at}" y="${axisY + 18}">${year}</text>`;
  });
  const gaps = timeline.gaps.map((gap) => {
    const from = x(gap.from);
    const to = gap.to === null ? x(end) : x(gap.to);
    const title = `Glapp ${gap.from} – ${gap.to ?? "…"}`;
    return `<rect data-kind="gap" data-from="${gap.from}" data-to="${gap.to ?? ""}" fill="url(#hatch)" x="${from}" y="${TOP - 10}" width="${Math.max(to - from, 1)}" height="${bandBottom - TOP + 10}"><title>${escapeHtml(title)}</title></rect>`;
  });
  const bars = timeline.agreements.map((a, i) => {
    const from = x(a.period.start);
    const width = Math.max(x(a.runsUntil) - from, 2);
    const y = TOP + i * ROW;
    const text = `${a.agreementId} · ${kronorOrDash(a.grantedKronor)}`;
    return `<g class="agreement"><rect data-agreement-id="${escapeHtml(a.agreementId)}" x="${from}" y="${y}" width="${width}" height="${ROW - 14}" rx="4"><title>${escapeHtml(`Avtal ${a.agreementId}: ${a.period.start} – ${a.runsUntil}, ${kronorOrDash(a.grantedKronor)}`)}</title></rect><text x="${from + 6}" y="${y + 20}">${escapeHtml(text)}</text></g>`;
  });
  const markSvg = marks.map((m) => {
    const [tag, geometry] = MARK_SHAPES[m.kind](x(m.on), marksY);
    return `<${tag} data-kind="${m.kind}" data-agreement-id="${escapeHtml(m.agreementId)}" data-on="${m.on}" ${geometry}><title>${escapeHtml(m.label)}</title></${tag}>`;
  });
  const successions = timeline.successions.map((s) => {
    const at = x(s.effectiveOn);
    // A label right of the middle ends at its line, so it stays inside the picture.
    const side = at > WIDTH / 2 ? `x="${at - 4}" text-anchor="end"` : `x="${at + 4}"`;
    return `<g data-kind="succession" data-on="${s.effectiveOn}"><line x1="${at}" y1="${TOP - 30}" x2="${at}" y2="${axisY}"/><text ${side} y="${TOP - 18}">${escapeHtml(`${s.from} → ${s.to} (${s.effectiveOn})`)}</text></g>`;
  });
  const principal = `Huvudman: ${timeline.publicParties.join(" → ")}`;
  const legend = (["decision", "report", "evaluation"] as const)
    .map(
      (kind) =>
        `<li class="${kind}">${MARK_NAMES[kind]} (${marks.filter((m) => m.kind === kind).length})</li>`,
    )
    .join("");
  const agreementItems = timeline.agreements
    .map(
      (a) =>
        `<li>${escapeHtml(`Avtal ${a.agreementId}: ${a.period.start} – ${a.runsUntil}, ${kronorOrDash(a.grantedKronor)}`)}</li>`,
    )
    .join("");
  const gapItems = timeline.gaps.map((g) => `<li>Glapp ${g.from} – ${g.to ?? "…"}</li>`).join("");

  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`Partnerskap: ${timeline.organisation.name}`)}</title>
<style>
body { font-family: sans-serif; margin: 20px; color: #222; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
p, li { font-size: 14px; }
svg text { font-size: 12px; fill: #222; }
.agreement rect { fill: #90cdf4; stroke: #2b6cb0; }
.agreement text { font-weight: bold; }
.tick { stroke: #ccc; }
.year { text-anchor: middle; }
[data-kind="decision"] { fill: #c05621; }
[data-kind="report"] { fill: #2f855a; }
[data-kind="evaluation"] { fill: #6b46c1; }
[data-kind="succession"] line { stroke: #b7791f; stroke-width: 2; stroke-dasharray: 6 4; }
ul.legend li.decision { color: #c05621; } ul.legend li.report { color: #2f855a; } ul.legend li.evaluation { color: #6b46c1; }
</style>
</head>
<body>
<h1>${escapeHtml(timeline.organisation.name)}</h1>
<p class="principal">${escapeHtml(principal)}</p>
<p>Avtal: ${timeline.agreements.length} · Partnerskap: ${escapeHtml(timeline.partnershipIds.join(", "))}</p>
<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Tidslinje">
<defs><pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#fff5f5"/><line x1="0" y1="0" x2="0" y2="8" stroke="#e53e3e" stroke-width="3"/></pattern></defs>
${years.join("\n")}
${gaps.join("\n")}
${bars.join("\n")}
<text x="4" y="${marksY - 12}">Beslut, Rapport, Utvärdering</text>
${markSvg.join("\n")}
${successions.join("\n")}
</svg>
<ul class="agreements">${agreementItems}</ul>
<ul class="legend">${legend}</ul>
<ul class="gaps">${gapItems}</ul>
</body>
</html>
`;
}
