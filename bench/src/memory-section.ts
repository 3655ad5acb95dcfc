import { join } from "node:path";
import type { JobWorkload } from "./job.js";
import type { MemoryCell, MemoryOperation, MemorySize } from "./memory-report.js";
import { CONTENDERS, eventCount, MEMORY_WORKLOAD } from "./plan.js";
import { formatMb } from "./report.js";
import { jobOf, type SectionContext, storePath } from "./section.js";

/**
 * In order, each in a child of its own: the other workloads' steps, reused. `rebuild-populate`
 * writes the store (unless the verify workload of the same run did), `memory-export-file`
 * writes the export the import step imports; their memory is not reported.
 */
const STEPS: readonly { readonly id: JobWorkload["id"]; readonly as?: MemoryOperation | "baseline" }[] = [
  { id: "rebuild-populate" },
  { id: "verify-open", as: "baseline" },
  { id: "rebuild-live", as: "replay" },
  { id: "verify", as: "verify" },
  { id: "export", as: "export" },
  { id: "memory-export-file" },
  { id: "import-chunked", as: "import" },
];

/**
 * The memory workload: for each of the profile's store sizes, our SQLite store (NORMAL) written
 * with appends of the batch size, then — each in a fresh child, so its peak RSS is the
 * operation's — the baseline (open, one page), the replay into the register (`runLive`),
 * `verifyStore`, `exportLines` to a null sink, and `importExport` of the store's export into a
 * fresh store (`importRecorded` in chunks).
 */
export async function runMemorySection(context: SectionContext): Promise<MemorySize[]> {
  const spec = CONTENDERS.find((c) => c.id === "ours-sqlite-normal");
  if (spec === undefined) throw new Error("no ours-sqlite-normal contender");
  const sizes = context.profile.memorySizes;
  console.log(
    `\n${MEMORY_WORKLOAD.label}: stores of ${sizes.map((s) => eventCount(s).toLocaleString("en-US")).join(" and ")} events ` +
      `(ours, SQLite NORMAL), each operation in a child of its own`,
  );
  const results: MemorySize[] = [];
  for (const shape of sizes) {
    const events = eventCount(shape);
    const path = storePath(context, shape);
    const file = join(context.work, `memory-${shape.streams}x${shape.eventsPerStream}.jsonl`);
    const cells: Partial<Record<MemoryOperation | "baseline", MemoryCell>> = {};
    for (const step of STEPS) {
      const target =
        step.id === "import-chunked"
          ? { sqlitePath: join(context.work, `memory-import-${shape.streams}x${shape.eventsPerStream}.db`) }
          : { sqlitePath: path };
      const result = await context.run(jobOf(context, spec, [{ id: step.id, target, file }], shape));
      const m = result.measurements[0];
      if (m !== undefined) {
        if (step.as !== undefined) cells[step.as] = { ...m, maxRssKb: result.maxRssKb };
        const what =
          step.id === "rebuild-populate" && m.events === 0
            ? "reused the verify workload's store"
            : `${m.events.toLocaleString("en-US")} events in ${m.seconds.toFixed(2)} s`;
        console.log(
          `  ${`${step.as ?? step.id} ${events.toLocaleString("en-US")}`.padEnd(30)} ` +
            `${formatMb(result.maxRssKb).padStart(7)}  ${what}`,
        );
      }
      if (result.error !== undefined) {
        context.fail(`memory ${step.id} ${events}`, result.error);
        console.log(`  ${step.id} FAILED: ${result.error.split("\n")[0]}`);
        break;
      }
    }
    results.push({ events, streams: shape.streams, cells });
  }
  return results;
}
