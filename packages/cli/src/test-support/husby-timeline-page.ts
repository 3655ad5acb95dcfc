import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HUSBY_PARTNERSHIP_ID, husbyHistory } from "@iop/fixtures";
import { queryCommand } from "../commands/query.js";
import { openStore } from "../open-store.js";
import { personalDataView } from "../personal-data-view.js";
import { iop } from "./run-iop.js";

/** The Husby history recorded with `iop record` into a new SQLite store in a temporary folder. */
export async function husbyStore(): Promise<{ dir: string; location: string }> {
  const dir = await mkdtemp(join(tmpdir(), "iop-timeline-page-"));
  await writeFile(join(dir, "husby.json"), JSON.stringify(husbyHistory));
  const location = `sqlite:${join(dir, "husby.db")}`;
  const recorded = await iop("--store", location, "record", join(dir, "husby.json"));
  if (recorded.code !== 0) throw new Error(`iop record failed: ${recorded.err}`);
  return { dir, location };
}

/** Writes the Husby partnership's timeline page into `dir` and returns its path and text. */
export async function husbyTimelinePage(
  dir: string,
  location: string,
): Promise<{ file: string; html: string }> {
  const file = join(dir, "husby-timeline.html");
  // As main opens it: personal data decrypted, or shown as erased.
  const store = personalDataView(await openStore(location, "audit"));
  try {
    const io = { out: () => {}, err: () => {} };
    const options = { clocks: {}, json: false, partnershipId: HUSBY_PARTNERSHIP_ID, html: file };
    const code = await queryCommand(store, "timeline", options, io);
    if (code !== 0) throw new Error(`timeline --html exited ${code}`);
  } finally {
    await store.close();
  }
  return { file, html: await readFile(file, "utf8") };
}
