import type { VerifyStep } from "./job.js";
import { CONTENDERS, eventCount, VERIFY_WORKLOAD } from "./plan.js";
import { formatMb, formatRate, rateOf } from "./report.js";
import { jobOf, type SectionContext, storePath } from "./section.js";
import type { VerifyCell, VerifySize } from "./verify-report.js";

/** In order: the store is written first; each later step opens it read-only in a child of its own. */
const STEPS: readonly VerifyStep[] = ["verify-populate", "verify-open", "verify", "export"];

/**
 * The verify workload: for each of the profile's store sizes, our SQLite store written with
 * appends of the batch size, then — each in a fresh child, so its peak memory is its own — a
 * baseline (open, one page), `verifyStore` and `exportLines` to a sink that keeps nothing.
 */
export async function runVerifySection(context: SectionContext): Promise<VerifySize[]> {
  const spec = CONTENDERS.find((c) => c.id === "ours-sqlite-normal");
  if (spec === undefined) throw new Error("no ours-sqlite-normal contender");
  const sizes = context.profile.verifySizes;
  console.log(
    `\n${VERIFY_WORKLOAD.label}: stores of ${sizes.map((s) => eventCount(s).toLocaleString("en-US")).join(" and ")} events ` +
      `(ours, SQLite NORMAL), each step in a child of its own`,
  );
  const results: VerifySize[] = [];
  for (const shape of sizes) {
    const events = eventCount(shape);
    const target = { sqlitePath: storePath(context, shape) };
    const steps: Partial<Record<VerifyStep, VerifyCell>> = {};
    for (const step of STEPS) {
      const result = await context.run(jobOf(context, spec, [{ id: step, target }], shape));
      const m = result.measurements[0];
      if (m !== undefined) {
        steps[step] = { ...m, maxRssKb: result.maxRssKb };
        console.log(
          `  ${`${step} ${events.toLocaleString("en-US")}`.padEnd(26)} ${formatRate(rateOf(m)).padStart(9)}/s  ` +
            `${formatMb(result.maxRssKb).padStart(7)}  ${m.events.toLocaleString("en-US")} in ${m.seconds.toFixed(2)} s`,
        );
      }
      if (result.error !== undefined) {
        context.fail(`${step} ${events}`, result.error);
        console.log(`  ${step} FAILED: ${result.error.split("\n")[0]}`);
        break;
      }
    }
    results.push({ events, streams: shape.streams, steps });
  }
  return results;
}
