import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { words } from "./example-words.js";

/** The repository root, four levels above this file (packages/cli/src/test-support). */
export const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** What a shell block's fence says about it: the words after `sh`. */
export type BlockTag =
  | { readonly kind: "run"; readonly setup: string | undefined }
  | { readonly kind: "not-run"; readonly reason: string }
  | { readonly kind: "tested-by"; readonly path: string }
  | { readonly kind: "id"; readonly id: string };

/** One `sh` (or `bash`, `console`, `shell`) block of a Markdown file. */
export interface ShellBlock {
  /** The file and the line of its fence, `docs/auditing.md:22`. */
  readonly at: string;
  readonly file: string;
  readonly tag: BlockTag;
  /** Its lines, each with its Markdown line number, the fence's indentation taken off. */
  readonly lines: readonly { readonly line: number; readonly text: string }[];
}

/** One `iop` command of a block and the lines it is shown to print. */
export interface DocCommand {
  readonly line: number;
  /** Its words after `iop` (or `pnpm iop`, `npx iop`), a trailing `# note` left out. */
  readonly args: readonly string[];
  /** The `# ` lines right under it, without the `# `. */
  readonly shown: readonly string[];
}

const SHELL = new Set(["sh", "bash", "console", "shell"]);

/** The Markdown files whose shell blocks are held to what they say: README.md, docs/, packages' and examples' READMEs. */
export function markdownFiles(): string[] {
  const under = (folder: string, name: (entry: string) => string) =>
    readdirSync(join(repositoryRoot, folder))
      .sort()
      .map((entry) => join(folder, name(entry)))
      .filter((file) => file.endsWith(".md") && existsSync(join(repositoryRoot, file)));
  return [
    "README.md",
    ...under("docs", (entry) => entry),
    ...under("packages", (entry) => join(entry, "README.md")),
    ...under("examples", (entry) => join(entry, "README.md")),
  ];
}

/** The fence's words after the language as a tag: `not-run: why`, `tested-by: FILE`, `id=NAME`, `setup=NAME` or none. */
export function blockTag(info: string): BlockTag {
  const rest = info.replace(/^\S+\s*/, "");
  const notRun = /^not-run:\s*(.+)$/.exec(rest);
  if (notRun?.[1] !== undefined) return { kind: "not-run", reason: notRun[1] };
  const testedBy = /^tested-by:\s*(\S+)$/.exec(rest);
  if (testedBy?.[1] !== undefined) return { kind: "tested-by", path: testedBy[1] };
  const id = /^id=(\S+)$/.exec(rest);
  if (id?.[1] !== undefined) return { kind: "id", id: id[1] };
  const setup = /^setup=(\S+)$/.exec(rest);
  if (setup?.[1] !== undefined || rest === "") return { kind: "run", setup: setup?.[1] };
  throw new Error(`a shell fence says "${info}": use not-run: WHY, tested-by: FILE, id=NAME or setup=NAME`);
}

/** The shell blocks of `text`, fences indented under a list item included. */
export function shellBlocks(file: string, text: string): ShellBlock[] {
  const blocks: ShellBlock[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)(.*)$/.exec(lines[i] ?? "");
    if (open === null) continue;
    const indent = open[1]?.length ?? 0;
    let end = i + 1;
    while (end < lines.length && lines[end]?.trim() !== "```") end++;
    if (SHELL.has(open[2] ?? ""))
      blocks.push({
        at: `${file}:${i + 1}`,
        file,
        tag: blockTag(`${open[2]}${open[3]}`.trim()),
        lines: lines.slice(i + 1, end).map((text, k) => ({ line: i + 2 + k, text: text.slice(indent) })),
      });
    i = end;
  }
  return blocks;
}

const IOP = /^(?:pnpm |npx )?iop(?:\s|$)/;

/**
 * The `iop` commands of a block that runs, each with the `# ` lines right under it. A `# ` line
 * after a blank line or at the start is a note for the reader. Any other command is refused: a
 * block with one must say why it is not run.
 */
export function docCommands(block: ShellBlock): DocCommand[] {
  const commands: { line: number; args: string[]; shown: string[] }[] = [];
  let last: { shown: string[] } | undefined;
  const lines = block.lines;
  for (let i = 0; i < lines.length; i++) {
    const { line, text } = lines[i] as { line: number; text: string };
    if (text.trim() === "") {
      last = undefined;
      continue;
    }
    if (text.startsWith("#")) {
      last?.shown.push(text.replace(/^# ?/, ""));
      continue;
    }
    if (!IOP.test(text)) throw new Error(`${block.file}:${line}: "${text}" is not an iop command`);
    let command = text;
    while (command.trimEnd().endsWith("\\") && i + 1 < lines.length)
      command = `${command.trimEnd().slice(0, -1)} ${lines[++i]?.text ?? ""}`;
    const all = words(command.replace(/^(pnpm |npx )/, ""));
    const note = all.findIndex((word) => word.startsWith("#"));
    const next = { line, args: (note < 0 ? all : all.slice(0, note)).slice(1), shown: [] };
    commands.push(next);
    last = next;
  }
  return commands;
}

/**
 * A shown line as a pattern for one printed line: `…` stands for any text, an abbreviated hash
 * (8 or more hex digits, then `…`) for any hash, since the demo's event ids are random, and
 * a run of spaces for a table's column padding.
 */
export function shownPattern(shown: string): RegExp {
  const pieces = shown
    .replace(/[0-9a-f]{8,}…/g, "\u0000")
    .split(/…/)
    .map((piece) =>
      piece
        .trim()
        .split("\u0000")
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+"))
        .join("[0-9a-f]+"),
    );
  return new RegExp(pieces.join(".*"), "u");
}

/** The shown lines not found in `printed`, each after the one before it. */
export function unshown(printed: readonly string[], shown: readonly string[]): string[] {
  const missing: string[] = [];
  let from = 0;
  for (const line of shown) {
    const pattern = shownPattern(line);
    const at = printed.findIndex((p, i) => i >= from && pattern.test(p));
    if (at < 0) missing.push(line);
    else from = at + 1;
  }
  return missing;
}
