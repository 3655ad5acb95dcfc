import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { createInterface } from "node:readline";
import { type ExportLine, type IopStore, importExport } from "@iop/core";
import { openStore, upgradeNote } from "../open-store.js";
import { type Output, UsageError } from "../output.js";

/** The file's lines, numbered for messages, read as a stream. */
async function* linesOf(file: string): AsyncGenerator<ExportLine> {
  const lines = createInterface({
    input: createReadStream(file, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const text of lines) yield { text, where: `${file}:${++number}` };
}

/**
 * Imports a file written by `iop export` (from any adapter), keeping ids, versions, record times
 * and hashes. The whole file is checked before the store is opened — a cut or edited file is
 * refused (exit 1) and nothing is written, not even a new store. A failed import is resumed by running it again. With `unsealed`, a file
 * written before exports carried hashes is sealed on the way in.
 */
export async function importCommand(
  location: string,
  file: string,
  unsealed: boolean,
  io: Output,
): Promise<number> {
  await access(file).catch(() => {
    throw new UsageError(`cannot read the export ${file}: no such file`);
  });
  let store: IopStore | undefined;
  const open = async () => {
    store = await openStore(location, "write");
    const upgraded = upgradeNote(store);
    if (upgraded !== undefined) io.err(upgraded);
    return store;
  };
  try {
    return await importInto(open, file, unsealed, io);
  } finally {
    await store?.close();
  }
}

async function importInto(
  open: () => Promise<IopStore>,
  file: string,
  unsealed: boolean,
  io: Output,
): Promise<number> {
  const { imported, skipped, trailer } = await importExport(open, () => linesOf(file), {
    unsealed,
    onProgress: (phase, events) => io.progress?.(`${phase}: ${events.toLocaleString("sv-SE")} events`),
  });
  io.progress?.(undefined);
  if (unsealed)
    io.err(
      `note: ${file} carried no hashes; its events were sealed on import, so the copy proves only that nothing changed since`,
    );
  io.out(
    `${imported} events imported from ${file}${skipped > 0 ? `, ${skipped} already there (checked)` : ""}; root ${trailer.rootHash} over ${trailer.count} events.`,
  );
  return 0;
}
