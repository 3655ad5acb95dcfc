import { join } from "node:path";
import { type ImportCell, type ImportRun, MARTEN_BULK_RATE } from "./import-report.js";
import type { ImportStep } from "./job.js";
import { type ContenderSpec, eventCount, IMPORT_CONTENDERS, IMPORT_WORKLOAD } from "./plan.js";
import { best, formatMb } from "./report.js";
import { jobOf, type SectionContext } from "./section.js";

/** The imports timed in rounds, each round on fresh databases: the old path first, then the bulk one. */
const ROUNDS: readonly Exclude<ImportStep, "import-file">[] = ["import-per-stream", "import-chunked"];

/**
 * The import workload: one export of the profile's interleaved agreements, written once, then —
 * for each selected contender of {@link IMPORT_CONTENDERS}, each import in a fresh child on a
 * fresh database, in rounds — imported the old way and through the bulk path.
 */
export async function runImportSection(
  context: SectionContext,
  specs: readonly ContenderSpec[],
): Promise<ImportRun[]> {
  const contenders = specs.filter((spec) => IMPORT_CONTENDERS.includes(spec.id));
  const [first] = contenders;
  if (first === undefined) return [];
  const shape = context.profile.importShape;
  const events = eventCount(shape);
  const file = join(context.work, `import-${shape.streams}x${shape.eventsPerStream}.jsonl`);
  console.log(
    `\n${IMPORT_WORKLOAD.label}: ${events.toLocaleString("en-US")} events of ${shape.streams.toLocaleString("en-US")} ` +
      `agreements interleaved, per-stream appendRecorded (as before) vs chunked importRecorded, ` +
      `each import in a child of its own on a fresh database${context.rounds > 1 ? `, best of ${context.rounds} rounds` : ""}; ` +
      `Marten publishes ${MARTEN_BULK_RATE} events/s for bulk appends with COPY`,
  );
  const written = await context.run(
    jobOf(context, first, [{ id: "import-file", target: { sqlitePath: `${file}.db` }, file }], shape),
  );
  if (written.error !== undefined) {
    context.fail("import-file", written.error);
    console.log(`  import-file FAILED: ${written.error.split("\n")[0]}`);
    return [];
  }
  const runs: ImportRun[] = [];
  for (const spec of contenders) {
    const tries: Record<(typeof ROUNDS)[number], ImportCell[]> = {
      "import-per-stream": [],
      "import-chunked": [],
    };
    rounds: for (let round = 1; round <= context.rounds; round++)
      for (const step of ROUNDS) {
        const target = await context.target(spec, `${step.replaceAll("-", "_")}_${round}`);
        const result = await context.run(jobOf(context, spec, [{ id: step, target, file }], shape));
        const m = result.measurements[0];
        if (m !== undefined) {
          tries[step].push({ ...m, maxRssKb: result.maxRssKb });
          console.log(
            `  ${`${spec.id} ${step}`.padEnd(42)} ${formatMb(result.maxRssKb).padStart(7)}  ` +
              `${m.events.toLocaleString("en-US")} events in ${m.seconds.toFixed(2)} s` +
              `${context.rounds > 1 ? ` (round ${round})` : ""}`,
          );
        }
        if (result.error !== undefined) {
          context.fail(`${spec.id} ${step}`, result.error);
          console.log(`  ${spec.id} ${step} FAILED: ${result.error.split("\n")[0]}`);
          break rounds;
        }
      }
    runs.push({
      contender: spec.id,
      events,
      perStream: best(tries["import-per-stream"]),
      chunked: best(tries["import-chunked"]),
    });
  }
  return runs;
}
