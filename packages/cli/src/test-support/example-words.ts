import { join } from "node:path";

/** An example's words, with its quoted words kept whole. */
export function words(example: string): string[] {
  return [...example.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? "");
}

/**
 * The word of an example with the files it names moved into `dir`: an `sqlite:` store, a file
 * by its extension, and the prefix `--out` takes for a key pair.
 */
export function inFolder(dir: string, word: string, previous: string | undefined): string {
  if (word.startsWith("sqlite:")) return `sqlite:${join(dir, word.slice("sqlite:".length))}`;
  return /\.(json|jsonl|key|pub|checkpoint|html|db)$/.test(word) ||
    (previous === "--out" && !word.includes("."))
    ? join(dir, word)
    : word;
}
