import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  codeBlocks,
  documentationFiles,
  isCheckedTypeScript,
  packageDependencyEdges,
  typeCheckBlocks,
  typeCheckMarkdown,
} from "./test-support/doc-code-blocks.js";
import { repositoryRoot } from "./test-support/workspace-packages.js";

describe("docs code blocks", () => {
  it("finds fences, their first code line and their flags", () => {
    const text = [
      "# t",
      "```ts",
      "const a = 1;",
      "```",
      "",
      "```ts no-check",
      "x",
      "```",
      "```sh",
      "ls",
      "```",
    ].join("\n");
    const blocks = codeBlocks("t.md", text);
    expect(blocks.map(({ line, info, code }) => ({ line, info, code }))).toEqual([
      { line: 3, info: "ts", code: "const a = 1;" },
      { line: 7, info: "ts no-check", code: "x" },
      { line: 10, info: "sh", code: "ls" },
    ]);
    expect(blocks.map((block) => isCheckedTypeScript(block.info))).toEqual([true, false, false]);
  });

  it("checks fragments in order, standalone blocks afresh, and places each error at its Markdown line", () => {
    const text = [
      "```ts", // line 1
      'import { createMemoryStore } from "@iop/store-memory";',
      "const store = createMemoryStore();",
      "```",
      "```ts", // line 5
      'import { createMemoryStore } from "@iop/store-memory";', // the same import again: merged
      "const store = createMemoryStore(); // declared again: allowed",
      "export const n: number = store.projections ? 1 : 0;",
      "const wrong: string = 42;", // line 9
      "```",
      "```ts standalone",
      "await store.close();", // line 12: the earlier blocks are not in scope
      "```",
      "```ts no-check",
      "not TypeScript at all",
      "```",
    ].join("\n");
    const { blocks, errors } = typeCheckMarkdown([{ file: "fixture.md", text }]);
    expect(blocks).toBe(3);
    expect(errors.map((error) => `${error.file}:${error.line}`)).toEqual(["fixture.md:9", "fixture.md:12"]);
    expect(errors[0]?.message).toContain("not assignable to type 'string'");
    expect(errors[1]?.message).toContain("Cannot find name 'store'");
  });

  it("type-checks every TypeScript block of README.md, docs/*.md and packages/*/README.md against the workspace sources", () => {
    const { blocks, errors } = typeCheckBlocks(documentationFiles());
    expect(blocks).toBeGreaterThan(0);
    expect(errors.map((error) => `${error.file}:${error.line}: ${error.message}`)).toEqual([]);
  }, 60_000);
});

describe("docs/architecture.md", () => {
  it("draws exactly the packages' runtime dependencies (from package.json)", () => {
    const text = readFileSync(join(repositoryRoot, "docs/architecture.md"), "utf8");
    const diagram = codeBlocks("docs/architecture.md", text).find((block) => block.info === "mermaid");
    const drawn = [...(diagram?.code ?? "").matchAll(/^\s*(\w+)\s*-->\s*(\w+)\s*$/gm)]
      .map((match) => `${match[1]} --> ${match[2]}`)
      .sort();
    const arrows = (diagram?.code ?? "").split("\n").filter((line) => line.includes("-->"));
    expect(drawn, "one `a --> b` edge per line").toHaveLength(arrows.length);
    expect(drawn).toEqual(packageDependencyEdges());
  });
});
