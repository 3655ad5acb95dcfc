import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { createInterface } from "node:readline";
import { type ExportLine, exportLines, type IopStore, importExport } from "@iop/core";
import { openOurPostgresStore, openOurSqliteStore } from "./contenders/ours.js";
import type { RebuildShape } from "./data.js";
import type { ImportStep, JobWorkload, Measurement } from "./job.js";
import { eventCount } from "./plan.js";
import { populateInterleaved } from "./populate.js";
import { timed } from "./timed.js";

/** Events per `appendRecorded` before the bulk path: runs of one stream were cut at this size. */
const OLD_BATCH = 500;

/**
 * `store` importing as `importExport` did before the bulk path: each run of one stream's
 * consecutive events in the file (at most 500) one `appendRecorded`, so an interleaved export
 * costs one transaction per event.
 */
export function perStreamImports(store: IopStore): IopStore {
  return {
    projections: store.projections,
    tables: store.tables,
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    close: () => store.close(),
    appendRecorded: (...args) => store.appendRecorded(...args),
    importRecorded: async (appends) => {
      const results = [];
      for (const { streamId, events } of appends) results.push(await store.appendRecorded(streamId, events));
      return results;
    },
  };
}

/**
 * Writes `store`'s export (`exportLines`) to `file`, waiting on the file when its buffer is full;
 * returns the events its trailer counts.
 */
export async function exportToFile(store: IopStore, file: string): Promise<number> {
  const out = createWriteStream(file);
  const lines = exportLines(store);
  for (let next = await lines.next(); ; next = await lines.next()) {
    if (next.done) {
      out.end();
      await once(out, "finish");
      return next.value.count;
    }
    if (!out.write(next.value)) await once(out, "drain");
  }
}

/** The export file's lines, as `iop import` reads them. */
async function* linesOf(file: string): AsyncGenerator<ExportLine> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) yield { text, where: `${file}:${++number}` };
}

/** Our store at `workload.target`: SQLite at NORMAL, or PostgreSQL. */
function openTarget(workload: JobWorkload): Promise<IopStore> {
  return "sqlitePath" in workload.target
    ? openOurSqliteStore(workload.target.sqlitePath, "normal")
    : openOurPostgresStore(workload.target.postgresUrl);
}

/**
 * One step of the import workload, each in a child of its own:
 * - `import-file` writes the export: `shape` recorded interleaved into a scratch SQLite store
 *   (untimed), then exported to `workload.file` (timed: `exportLines`);
 * - `import-per-stream` imports the file into a fresh store as before the bulk path (see
 *   {@link perStreamImports});
 * - `import-chunked` imports it through `importRecorded`, 5 000 events a chunk (the default).
 * Both imports check the file whole first, as `iop import` does, and are timed whole.
 * @throws {Error} when an import writes another count than the shape makes.
 */
export async function runImportStep(
  shape: RebuildShape,
  step: ImportStep,
  workload: JobWorkload,
): Promise<Measurement> {
  const total = eventCount(shape);
  const file = workload.file;
  if (file === undefined) throw new Error("the import workload needs its export file");
  if (step === "import-file") {
    const scratch = `${file}.db`;
    await rm(scratch, { force: true });
    const store = await openOurSqliteStore(scratch, "normal");
    try {
      await populateInterleaved(store, shape);
      const { seconds } = await timed(() => exportToFile(store, file));
      return { workload: step, events: total, seconds };
    } finally {
      await store.close();
      await rm(scratch, { force: true });
    }
  }
  const store = await openTarget(workload);
  try {
    const target = step === "import-per-stream" ? perStreamImports(store) : store;
    const options = step === "import-per-stream" ? { chunkEvents: OLD_BATCH } : {};
    const { value: result, seconds } = await timed(() => importExport(target, () => linesOf(file), options));
    if (result.imported !== total) throw new Error(`${step} imported ${result.imported} of ${total} events`);
    return { workload: step, events: total, seconds };
  } finally {
    await store.close();
  }
}
