import type { RebuildStep } from "./job.js";
import { CONTENDERS, eventCount, REBUILD_WORKLOAD } from "./plan.js";
import { type RebuildCell, type RebuildSize, storeLabel } from "./rebuild-report.js";
import { best, formatMb } from "./report.js";
import { jobOf, type SectionContext, storePath } from "./section.js";

/** The steps timed in rounds (each round a fresh child): the live replay first, then the rebuild. */
const ROUNDS: readonly RebuildStep[] = ["rebuild-live", "rebuild-durable"];

/**
 * The rebuild workload: for each of the profile's store sizes, our SQLite store (written here,
 * stream by stream or interleaved, unless the verify workload of the same run wrote it), then — each in a fresh child, so its
 * peak memory is its own (in the quick profile all in one) — in rounds a live replay into the register and a durable rebuild of
 * its table from zero, and at the end one new event appended and caught up.
 */
export async function runRebuildSection(context: SectionContext): Promise<RebuildSize[]> {
  const spec = CONTENDERS.find((c) => c.id === "ours-sqlite-normal");
  if (spec === undefined) throw new Error("no ours-sqlite-normal contender");
  const sizes = context.profile.rebuildSizes;
  const labels = sizes.map((shape) =>
    storeLabel({ events: eventCount(shape), interleaved: shape.interleaved === true }),
  );
  const stores =
    labels.length < 2 ? labels.join("") : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
  console.log(
    `\n${REBUILD_WORKLOAD.label}: stores of ${stores} ` +
      `(ours, SQLite NORMAL, agreements of ${sizes[0]?.eventsPerStream ?? "?"} events), ` +
      `${context.profile.name === "quick" ? "each store's steps in one child" : "each step in a child of its own"}` +
      `${context.rounds > 1 ? `, best of ${context.rounds} rounds` : ""}`,
  );
  const results: RebuildSize[] = [];
  for (const [i, shape] of sizes.entries()) {
    const events = eventCount(shape);
    const label = labels[i] ?? "";
    const target = { sqlitePath: storePath(context, shape) };
    const tries: Partial<Record<RebuildStep, RebuildCell[]>> = {};
    const plan: { step: RebuildStep; round: number }[] = [
      { step: "rebuild-populate", round: 1 },
      ...Array.from({ length: context.rounds }, (_, r) =>
        ROUNDS.map((step) => ({ step, round: r + 1 })),
      ).flat(),
      { step: "rebuild-append", round: 1 },
    ];
    // The quick profile runs a size's steps in one child: it is a smoke test, and child starts
    // were most of its time. Peak memory is then the child's, not each step's.
    const batches = context.profile.name === "quick" ? [plan] : plan.map((planned) => [planned]);
    for (const batch of batches) {
      const result = await context.run(
        jobOf(
          context,
          spec,
          batch.map(({ step }) => ({ id: step, target })),
          shape,
        ),
      );
      for (const [j, m] of result.measurements.entries()) {
        const { step, round } = batch[j] as { step: RebuildStep; round: number };
        tries[step] = [...(tries[step] ?? []), { ...m, maxRssKb: result.maxRssKb }];
        const what =
          step === "rebuild-populate" && m.events === 0
            ? "reused the verify workload's store"
            : `${m.events.toLocaleString("en-US")} events in ${m.seconds.toFixed(2)} s` +
              (m.written === undefined ? "" : `, ${m.written.toLocaleString("en-US")} agreements written`);
        console.log(
          `  ${`${step} ${label}`.padEnd(42)} ${formatMb(result.maxRssKb).padStart(7)}  ${what}` +
            `${ROUNDS.includes(step) && context.rounds > 1 ? ` (round ${round})` : ""}`,
        );
      }
      if (result.error !== undefined) {
        context.fail(`${batch.map(({ step }) => step).join(", ")} ${label}`, result.error);
        console.log(`  FAILED: ${result.error.split("\n")[0]}`);
        break;
      }
    }
    const steps: Partial<Record<RebuildStep, RebuildCell>> = {};
    for (const [step, cells] of Object.entries(tries) as [RebuildStep, RebuildCell[]][]) {
      const top = best(cells);
      if (top !== undefined) steps[step] = top;
    }
    results.push({ events, streams: shape.streams, interleaved: shape.interleaved === true, steps });
  }
  return results;
}
