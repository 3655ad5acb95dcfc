import { formatMicros, type LatencyRun } from "./latency-report.js";
import { type ContenderSpec, LATENCY_WORKLOAD } from "./plan.js";
import { formatMb } from "./report.js";
import { jobOf, type SectionContext } from "./section.js";

/**
 * The latency workload: for each selected contender, in a child of its own on a fresh database,
 * the profile's warm-up and timed single appends (fewer for a contender the profile caps in
 * the single-append workload). One round: a percentile is not improved by picking a round.
 */
export async function runLatencySection(
  context: SectionContext,
  specs: readonly ContenderSpec[],
): Promise<LatencyRun[]> {
  const { warmup, appends } = context.profile.latency;
  console.log(
    `\n${LATENCY_WORKLOAD.label}: ${appends.toLocaleString("en-US")} single appends per contender, each timed, ` +
      `after ${warmup.toLocaleString("en-US")} untimed; p50 / p99 / p99.9 / max`,
  );
  const runs: LatencyRun[] = [];
  for (const spec of specs) {
    const cap = context.profile.singleLimit[spec.id];
    const limit = Math.min(appends, cap === undefined ? appends : Math.max(1, cap - warmup));
    const target = await context.target(spec, "latency");
    const result = await context.run(jobOf(context, spec, [{ id: "latency", target, limit, warmup }]));
    context.fingerprints(result);
    const m = result.measurements[0];
    if (m?.latency !== undefined) {
      runs.push({ contender: spec.id, appends: m.events, figures: m.latency, maxRssKb: result.maxRssKb });
      const { p50, p99, p999, max } = m.latency;
      console.log(
        `  ${spec.id.padEnd(26)} p50 ${formatMicros(p50).padStart(9)}  p99 ${formatMicros(p99).padStart(9)}  ` +
          `p99.9 ${formatMicros(p999).padStart(9)}  max ${formatMicros(max).padStart(10)}  ` +
          `${formatMb(result.maxRssKb).padStart(7)}  ${m.events.toLocaleString("en-US")} appends`,
      );
    }
    if (result.error !== undefined) {
      context.fail(`${spec.id} latency`, result.error);
      console.log(`  ${spec.id} FAILED: ${result.error.split("\n")[0]}`);
    }
  }
  return runs;
}
