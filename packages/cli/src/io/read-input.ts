import { readFile } from "node:fs/promises";
import { UsageError } from "../output.js";

/** A file the user named, as text; a missing or unreadable file is a usage error naming it. */
export async function readInput(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (code ?? String(error));
    throw new UsageError(`cannot read ${what} ${file}: ${why}`);
  }
}
