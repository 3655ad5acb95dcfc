import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { repositoryRoot, workspacePackages } from "./workspace-packages.js";

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The file, relative to the repository root. */
  readonly file: string;
  /** The 1-based line of the block's first code line (the one after the fence). */
  readonly line: number;
  /** The info string after the fence: `ts`, `ts no-check`, `mermaid`… */
  readonly info: string;
  readonly code: string;
}

/** A type error in a docs block, placed at its Markdown line. */
export interface BlockError {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const FENCE = /^```(.*)$/;

/** The fenced blocks of one Markdown file, in order. */
export function codeBlocks(file: string, text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? "");
    if (open === null) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trimEnd() !== "```") end++;
    blocks.push({
      file,
      line: start + 1,
      info: (open[1] ?? "").trim(),
      code: lines.slice(start, end).join("\n"),
    });
    i = end;
  }
  return blocks;
}

/** The Markdown files whose TypeScript blocks are checked: README.md, docs/*.md and each packages/<name>/README.md. */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(repositoryRoot, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => join("docs", name));
  const readmes = readdirSync(join(repositoryRoot, "packages"))
    .sort()
    .map((name) => join("packages", name, "README.md"))
    .filter((file) => existsSync(join(repositoryRoot, file)));
  return ["README.md", ...docs, ...readmes];
}

/** Whether a block's info string makes it TypeScript to check: `ts`/`typescript`, not `no-check`. */
export function isCheckedTypeScript(info: string): boolean {
  const [language, ...flags] = info.split(/\s+/);
  return (language === "ts" || language === "typescript") && !flags.includes("no-check");
}

const isStandalone = (info: string) => info.split(/\s+/).includes("standalone");

/** A generated module and, for each of its lines, the Markdown line it came from. */
interface VirtualModule {
  readonly path: string;
  readonly file: string;
  readonly text: string;
  readonly lines: readonly number[];
}

/**
 * Joins one file's blocks into modules, so that a block can go on from the ones before it (a
 * fragment). Imports and `declare`s are hoisted (imports merged), `export` keywords dropped;
 * each block's statements open a nested scope inside the previous block's, so it sees their
 * names and may declare one again. A `standalone` block starts a new module.
 */
function modulesOf(file: string, blocks: readonly CodeBlock[]): VirtualModule[] {
  const chains: CodeBlock[][] = [];
  for (const block of blocks) {
    if (isStandalone(block.info) || chains.length === 0) chains.push([block]);
    else chains.at(-1)?.push(block);
  }
  return chains.map((chain, index) => {
    const imports: string[] = [];
    const importLines: number[] = [];
    const seenImports = new Set<string>();
    const body: string[] = [];
    const bodyLines: number[] = [];
    for (const block of chain) {
      const source = ts.createSourceFile("block.ts", block.code, ts.ScriptTarget.Latest, true);
      const lineOf = (pos: number) => block.line + source.getLineAndCharacterOfPosition(pos).line;
      // Imports and `declare`s may only stand at a module's top: they are moved there. The rest
      // stays in place, character for character, so an error's line is its line in the block.
      let code = block.code;
      const blank = (from: number, to: number) => {
        code = code.slice(0, from) + code.slice(from, to).replace(/[^\n]/g, " ") + code.slice(to);
      };
      for (const statement of source.statements) {
        const from = statement.getStart(source);
        if (ts.isImportDeclaration(statement)) {
          for (const one of splitImport(statement, source)) {
            if (seenImports.has(one)) continue;
            seenImports.add(one);
            imports.push(one);
            importLines.push(lineOf(from));
          }
          blank(from, statement.end);
        } else if (isAmbient(statement)) {
          block.code
            .slice(from, statement.end)
            .split("\n")
            .forEach((line, offset) => {
              imports.push(line);
              importLines.push(lineOf(from) + offset);
            });
          blank(from, statement.end);
        } else if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
          blank(from, statement.end);
        } else {
          // `export const x` shows a module's export; inside a scope it is the plain declaration.
          const exported = (ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined)?.find(
            (modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword,
          );
          if (exported !== undefined) blank(exported.getStart(source), exported.end);
        }
      }
      body.push("{");
      bodyLines.push(block.line);
      code.split("\n").forEach((line, offset) => {
        body.push(line);
        bodyLines.push(block.line + offset);
      });
    }
    for (const _ of chain) {
      body.push("}");
      bodyLines.push(chain.at(-1)?.line ?? 0);
    }
    return {
      path: join(repositoryRoot, `${file}.block-${index}.mts`),
      file,
      text: [...imports, ...body, "export {};"].join("\n"),
      lines: [...importLines, ...bodyLines, bodyLines.at(-1) ?? 0],
    };
  });
}

const isAmbient = (statement: ts.Statement) =>
  ts.canHaveModifiers(statement) &&
  (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword);

/** One import declaration as one line per imported name, so two blocks' imports merge. */
function splitImport(statement: ts.ImportDeclaration, source: ts.SourceFile): string[] {
  const from = statement.moduleSpecifier.getText(source);
  const clause = statement.importClause;
  if (clause === undefined) return [`import ${from};`];
  const typeOnly = clause.isTypeOnly ? "type " : "";
  const lines: string[] = [];
  if (clause.name !== undefined) lines.push(`import ${typeOnly}${clause.name.text} from ${from};`);
  const bindings = clause.namedBindings;
  if (bindings !== undefined && ts.isNamespaceImport(bindings))
    lines.push(`import ${typeOnly}* as ${bindings.name.text} from ${from};`);
  if (bindings !== undefined && ts.isNamedImports(bindings))
    for (const element of bindings.elements)
      lines.push(`import ${typeOnly}{ ${element.getText(source)} } from ${from};`);
  return lines;
}

/** `@iop/*` specifiers mapped to the workspace sources, from each export's `source` condition. */
function workspacePaths(): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  for (const pkg of workspacePackages())
    for (const [subpath, conditions] of Object.entries(pkg.manifest.exports ?? {}))
      if (conditions.source !== undefined)
        paths[join(pkg.manifest.name, subpath)] = [join(pkg.directory, conditions.source)];
  return paths;
}

/** A Markdown document by its path (relative to the repository root) and text. */
export interface MarkdownDocument {
  readonly file: string;
  readonly text: string;
}

/** {@link typeCheckMarkdown} over files, read from the repository. */
export function typeCheckBlocks(files: readonly string[]): { blocks: number; errors: BlockError[] } {
  return typeCheckMarkdown(
    files.map((file) => ({ file, text: readFileSync(join(repositoryRoot, file), "utf8") })),
  );
}

/**
 * Type-checks every checked TypeScript block of `documents` in one program, with the
 * repository's compiler options and `@iop/*` resolved to the workspace sources. Unused names
 * are allowed: a snippet often shows a value without using it.
 */
export function typeCheckMarkdown(documents: readonly MarkdownDocument[]): {
  blocks: number;
  errors: BlockError[];
} {
  const modules: VirtualModule[] = [];
  let blocks = 0;
  for (const { file, text } of documents) {
    const checked = codeBlocks(file, text).filter((block) => isCheckedTypeScript(block.info));
    blocks += checked.length;
    modules.push(...modulesOf(file, checked));
  }
  const config = ts.readConfigFile(join(repositoryRoot, "tsconfig.base.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, repositoryRoot);
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    noEmit: true,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    noUnusedLocals: false,
    noUnusedParameters: false,
    paths: workspacePaths(),
  };
  const byPath = new Map(modules.map((module) => [module.path, module]));
  const host = ts.createCompilerHost(compilerOptions);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (path, language, ...rest) => {
    const module = byPath.get(path);
    return module === undefined
      ? getSourceFile(path, language, ...rest)
      : ts.createSourceFile(path, module.text, language, true);
  };
  host.fileExists = (path) => byPath.has(path) || fileExists(path);
  host.readFile = (path) => byPath.get(path)?.text ?? readFile(path);
  const program = ts.createProgram([...byPath.keys()], compilerOptions, host);
  const errors = modules.flatMap((module) => {
    const source = program.getSourceFile(module.path);
    if (source === undefined) return [{ file: module.file, line: 0, message: "not compiled" }];
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(
      (diagnostic) => {
        const line =
          diagnostic.start === undefined ? 0 : source.getLineAndCharacterOfPosition(diagnostic.start).line;
        return {
          file: module.file,
          line: module.lines[line] ?? 0,
          message: ts.flattenDiagnosticMessageText(diagnostic.messageText, " "),
        };
      },
    );
  });
  return { blocks, errors };
}

/**
 * The workspace's runtime dependency edges as Mermaid node ids (`store_sqlite --> core`), from
 * each package.json's `dependencies`: what docs/architecture.md must draw.
 */
export function packageDependencyEdges(): string[] {
  const short = (name: string) => name.replace(/^@iop\//, "").replaceAll("-", "_");
  return workspacePackages()
    .flatMap((pkg) =>
      Object.keys(pkg.manifest.dependencies ?? {})
        .filter((name) => name.startsWith("@iop/"))
        .map((name) => `${short(pkg.manifest.name)} --> ${short(name)}`),
    )
    .sort();
}
