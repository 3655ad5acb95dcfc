import { existsSync, readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { agreementStreamId } from "@iop/core";
import { FROZEN_EXPORT_V1, husbyAgreementIds, husbyHistory } from "@iop/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  docCommands,
  markdownFiles,
  repositoryRoot,
  type ShellBlock,
  shellBlocks,
  shownPattern,
  unshown,
} from "./test-support/doc-shell-blocks.js";
import { inFolder } from "./test-support/example-words.js";
import { iop } from "./test-support/run-iop.js";
import { corruptEvent, overwriteEventData, takeBackBeforeTheChain } from "./test-support/sqlite-files.js";

// Every shell block of README.md, docs/*.md and the packages' and examples' READMEs answers as
// written. The fence's words after `sh` say how:
//
// - none, or `setup=NAME`: the block is run. Each `iop …` line (also `pnpm iop`, `npx iop`; a
//   line ending in `\` goes on) runs in this process in a folder of its own that holds a copy of
//   the demo store as `iop-demo.db` and as `iop.db` (a block that starts with `iop demo` starts
//   empty), with every file it names moved into that folder. `setup=NAME` first prepares what the
//   block needs (a checkpoint, a tampered file; SETUPS below).
// - The `# ` lines right under a command are what it prints: each must be printed, in that order
//   (other lines may come between). `…` stands for any text, an abbreviated hash (`90b3fab4…`)
//   for any hash, and a run of spaces for a table's padding. A block that shows a `✗` line exits
//   with 1, any other with 0. A `# ` line after a blank line, or a `# note` after the command on
//   its line, is for the reader and is not checked.
//   Files the command prints are shown as the block names them, without the test's folder.
// - `not-run: WHY`: the block is not run here, and says why (it needs Docker, the registry…).
// - `tested-by: FILE`: a test elsewhere runs it; the file must exist.
// - `id=NAME`: a test reads the block by its id; some test must name it.

const blocks: ShellBlock[] = markdownFiles().flatMap((file) =>
  shellBlocks(file, readFileSync(join(repositoryRoot, file), "utf8")),
);
const running = blocks.filter((block) => block.tag.kind === "run");

/** A block of a Markdown file by its `id=NAME`, as written to a file (with its final newline). */
function idBlock(file: string, id: string): string {
  const text = readFileSync(join(repositoryRoot, file), "utf8");
  const body = new RegExp(`^\`\`\`\\w+ id=${id}\\n([\\s\\S]*?)\\n\`\`\`$`, "m").exec(text)?.[1];
  if (body === undefined) throw new Error(`${file} has no block id=${id}`);
  return `${body}\n`;
}

const must = async (...args: string[]) => expect(await iop(...args)).toMatchObject({ code: 0 });

/** City audit's key pair and a checkpoint of the demo store, as docs/integrity.md makes them. */
async function checkpointed(dir: string): Promise<void> {
  await must("keygen", "revisionen.stockholm.se", "--out", join(dir, "revisionen"));
  const store = `sqlite:${join(dir, "iop-demo.db")}`;
  await must(
    "--store",
    store,
    "checkpoint",
    "--key",
    join(dir, "revisionen.key"),
    "--out",
    join(dir, "2024-12.checkpoint"),
  );
}

const grant2022 = agreementStreamId(husbyAgreementIds.y2022);

/** What a block's `setup=NAME` prepares in its folder before it runs. */
const SETUPS: Record<string, (dir: string) => Promise<void>> = {
  /** The Husby history's commands, for `iop record commands.json`. */
  "husby-commands": (dir) => writeFile(join(dir, "commands.json"), JSON.stringify(husbyHistory)),
  checkpoint: checkpointed,
  /** A checkpoint, then the 2022 grant raised to 3 240 000 kr in the file, hash left alone. */
  "edited-grant": async (dir) => {
    await checkpointed(dir);
    await overwriteEventData(
      join(dir, "iop-demo.db"),
      grant2022,
      2,
      "json_set(data, '$.grantedKronor', 3240000)",
    );
  },
  "corrupt-grant": (dir) => corruptEvent(join(dir, "iop-demo.db"), grant2022, 2),
  "before-chain": (dir) => takeBackBeforeTheChain(join(dir, "iop.db")),
  /** The frozen history in `frozen.db`, with docs/integrity.md's example checkpoints and verifier key. */
  frozen: async (dir) => {
    await must("--store", `sqlite:${join(dir, "frozen.db")}`, "import", FROZEN_EXPORT_V1);
    const doc = "docs/integrity.md";
    await writeFile(join(dir, "frozen-22.checkpoint"), idBlock(doc, "example-checkpoint-22"));
    await writeFile(join(dir, "frozen-33.checkpoint"), idBlock(doc, "example-checkpoint-33"));
    await writeFile(join(dir, "example.pub"), idBlock(doc, "example-verifier-key"));
  },
};

/** Every test file of the workspace, as text: where an `id=NAME` block must be named. */
function testSources(): string[] {
  return ["packages", "examples"].flatMap((top) =>
    readdirSync(join(repositoryRoot, top)).flatMap((name) => {
      const src = join(repositoryRoot, top, name, "src");
      if (!existsSync(src)) return [];
      return readdirSync(src, { recursive: true, encoding: "utf8" })
        .filter((file) => file.endsWith(".test.ts"))
        .map((file) => readFileSync(join(src, file), "utf8"));
    }),
  );
}

/** What is wrong with a block's tag: a run block with other commands, a setup, file or id not there. */
function blockFaults(block: ShellBlock, sources: readonly string[]): string[] {
  const { tag } = block;
  if (tag.kind === "tested-by")
    return existsSync(join(repositoryRoot, tag.path)) ? [] : [`${block.at}: ${tag.path} does not exist`];
  if (tag.kind === "id")
    return sources.some((source) => source.includes(`"${tag.id}"`))
      ? []
      : [`${block.at}: no test reads id=${tag.id}`];
  if (tag.kind === "not-run") return [];
  try {
    if (docCommands(block).length === 0) return [`${block.at}: runs no iop command`];
  } catch (error) {
    return [`${(error as Error).message}: tag the block not-run: WHY or tested-by: FILE`];
  }
  return tag.setup === undefined || tag.setup in SETUPS ? [] : [`${block.at}: no setup ${tag.setup}`];
}

describe("the docs' shell blocks", () => {
  it("are each run here, or say why not (not-run: …) or where they are tested (tested-by: FILE, id=NAME)", () => {
    const sources = testSources();
    const faults = blocks.flatMap((block) => blockFaults(block, sources));
    expect(faults).toEqual([]);
    expect(running.length).toBeGreaterThan(10);
  });

  it("refuse a block that runs another command, or a fence word they do not know", () => {
    const text = [
      "```sh",
      "iop verify",
      "docker run x",
      "```",
      "```sh not-run: needs Docker",
      "docker run x",
      "```",
    ];
    const [untagged, tagged] = shellBlocks("t.md", text.join("\n"));
    expect(() => docCommands(untagged as ShellBlock)).toThrow('t.md:3: "docker run x" is not an iop command');
    expect(tagged?.tag).toEqual({ kind: "not-run", reason: "needs Docker" });
    expect(() => shellBlocks("t.md", "```sh skip\nls\n```")).toThrow("use not-run: WHY");
    const [shown] = shellBlocks(
      "t.md",
      ["```sh", "# a note", "pnpm iop show x  # what it is", "# shown", "", "# a note", "```"].join("\n"),
    );
    expect(docCommands(shown as ShellBlock)).toEqual([{ line: 3, args: ["show", "x"], shown: ["shown"] }]);
  });

  it("match a shown line against the printed one: … for any text, an abbreviated hash for any, padding for spaces", () => {
    expect(shownPattern("root 90b3fab4… over 33 events").test(`root ${"0a".repeat(32)} over 33 events`)).toBe(
      true,
    );
    expect(
      shownPattern("husby-konst-2022  signed  yes  324 000 kr").test("husby-konst-2022 signed    yes"),
    ).toBe(false);
    expect(unshown(["a 1", "b 2", "c 3"], ["c…3", "a 1"])).toEqual(["a 1"]);
    expect(unshown(["x (y) z"], ["x (…) z"])).toEqual([]);
  });

  describe("run on the demo store", () => {
    let root: string;
    let demo: string;
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), "iop-docs-"));
      demo = join(root, "demo.db");
      await must("demo", "--store", `sqlite:${demo}`);
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it.each(running.map((block) => [block.at, block] as const))(
      "%s answers as written",
      async (at, block) => {
        const dir = join(root, at.replaceAll(/[/:.]/g, "-"));
        await mkdir(dir);
        const commands = docCommands(block);
        if (commands[0]?.args[0] !== "demo")
          for (const name of ["iop-demo.db", "iop.db"]) await copyFile(demo, join(dir, name));
        if (block.tag.kind === "run" && block.tag.setup !== undefined) await SETUPS[block.tag.setup]?.(dir);
        for (const { line, args, shown } of commands) {
          const words =
            args[0] === "demo" && !args.includes("--store")
              ? [...args, "--store", "sqlite:iop-demo.db"]
              : args;
          const run = await iop(...words.map((word, i) => inFolder(dir, word, words[i - 1])));
          // The files it names are printed as the block names them, without the test's folder.
          const printed = run.lines.map((printedLine) => printedLine.replaceAll(`${dir}/`, ""));
          const code = shown.some((text) => text.startsWith("✗")) ? 1 : 0;
          expect(
            { command: `${block.file}:${line}`, code: run.code, missing: unshown(printed, shown) },
            printed.join("\n"),
          ).toEqual({ command: `${block.file}:${line}`, code, missing: [] });
        }
      },
    );
  });
});
