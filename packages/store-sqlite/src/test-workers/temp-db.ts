import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temporary directory with a database path in it, and a way to remove it. */
export async function tempDatabase(): Promise<{ dir: string; path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "iop-sqlite-"));
  return { dir, path: join(dir, "iop.db"), remove: () => rm(dir, { recursive: true, force: true }) };
}
