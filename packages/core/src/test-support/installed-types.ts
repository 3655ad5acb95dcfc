import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { readJson } from "./workspace-packages.js";

interface InstalledManifest {
  readonly main?: string;
  readonly types?: string;
  readonly typings?: string;
  readonly exports?: unknown;
}

/** The folder of package `name` as Node would find it from `directory`, walking up `node_modules`. */
export function installedPackage(name: string, directory: string): string | undefined {
  for (let dir = directory; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function exportTargets(exports: unknown): string[] {
  if (typeof exports === "string") return [exports];
  if (exports === null || typeof exports !== "object") return [];
  return Object.values(exports).flatMap(exportTargets);
}

/**
 * Whether an installed package carries its own declarations, as TypeScript looks for them:
 * `types`/`typings`, a `types` export condition, or a `.d.ts` beside `main`, an export target or
 * `index.js`. One that does not needs its `@types/…` package in a consumer's install.
 */
export function shipsOwnTypes(packageDir: string): boolean {
  const manifest = readJson<InstalledManifest>(join(packageDir, "package.json"));
  if (manifest.types !== undefined || manifest.typings !== undefined) return true;
  if (JSON.stringify(manifest.exports ?? null).includes('"types"')) return true;
  const scripts = [manifest.main ?? "index.js", ...exportTargets(manifest.exports)];
  return scripts.some((script) => {
    const base = join(packageDir, script.replace(/\.(c|m)?js$/, ""));
    return [".d.ts", ".d.mts", ".d.cts", "/index.d.ts"].some((ending) => existsSync(`${base}${ending}`));
  });
}

/** The DefinitelyTyped package for `name`: `pg` → `@types/pg`, `@scope/name` → `@types/scope__name`. */
export function typesPackageName(name: string): string {
  return `@types/${name.startsWith("@") ? name.slice(1).replace("/", "__") : name}`;
}
