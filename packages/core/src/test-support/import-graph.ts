import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The modules a set of entry files reaches through static and dynamic imports. */
export interface ImportGraph {
  /** Every local source file reached, entries included. */
  readonly files: ReadonlySet<string>;
  /** Each npm package name imported (not `node:` built-ins), with the files that import it. */
  readonly packages: ReadonlyMap<string, readonly string[]>;
}

// Comments may quote imports (TSDoc examples), so they go before the specifiers are read;
// specifiers hold no whitespace, which keeps prose in strings ("… from …") from matching.
const COMMENTS = /\/\*[\s\S]*?\*\/|(^|[^:"'`\\])\/\/.*$/gm;
const SPECIFIERS = [
  /\b(?:import|export)\s[^;]*?\bfrom\s*["']([^"'\s]+)["']/g,
  /\bimport\s*["']([^"'\s]+)["']/g,
  /\bimport\s*\(\s*["']([^"'\s]+)["']\s*\)/g,
];

/** The specifiers one TypeScript file imports from. */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(COMMENTS, "$1");
  return SPECIFIERS.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1] ?? ""));
}

/** The npm package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

function resolveLocal(fromFile: string, specifier: string): string {
  const target = resolve(dirname(fromFile), specifier);
  const candidates = [target.replace(/\.js$/, ".ts"), join(target, "index.ts"), target];
  const found = candidates.find((candidate) => existsSync(candidate) && candidate.endsWith(".ts"));
  if (found === undefined) throw new Error(`${fromFile}: cannot resolve import "${specifier}"`);
  return found;
}

/** Walks the imports from `entries`, following relative ones and collecting package ones. */
export function importGraph(entries: Iterable<string>): ImportGraph {
  const files = new Set<string>();
  const packages = new Map<string, string[]>();
  const pending = [...entries];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of importSpecifiers(readFileSync(file, "utf8"))) {
      if (specifier.startsWith(".")) pending.push(resolveLocal(file, specifier));
      else if (!specifier.startsWith("node:")) {
        const name = packageName(specifier);
        packages.set(name, [...(packages.get(name) ?? []), file]);
      }
    }
  }
  return { files, packages };
}
