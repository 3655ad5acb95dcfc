import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, four levels above this file (packages/core/src/test-support). */
export const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** The parts of a package.json the packaging checks read. */
export interface PackageManifest {
  readonly name: string;
  readonly private?: boolean;
  readonly license?: string;
  readonly repository?: { readonly type?: string; readonly url?: string; readonly directory?: string };
  readonly keywords?: readonly string[];
  readonly engines?: { readonly node?: string };
  readonly files?: readonly string[];
  readonly bin?: Readonly<Record<string, string>>;
  readonly exports?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
}

/** One folder of `packages/`: its manifest and what its `tsconfig.build.json` leaves out. */
export interface WorkspacePackage {
  readonly folder: string;
  readonly directory: string;
  readonly manifest: PackageManifest;
  readonly buildExcludes: readonly string[];
}

/** Reads a JSON file (package.json, tsconfig) as the given shape. */
export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** Every package under `packages/`, in folder order. */
export function workspacePackages(): WorkspacePackage[] {
  const packagesDir = join(repositoryRoot, "packages");
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, "package.json")))
    .map((entry) => {
      const directory = join(packagesDir, entry.name);
      const buildConfig = join(directory, "tsconfig.build.json");
      const buildExcludes = existsSync(buildConfig)
        ? (readJson<{ exclude?: string[] }>(buildConfig).exclude ?? [])
        : [];
      return {
        folder: entry.name,
        directory,
        manifest: readJson<PackageManifest>(join(directory, "package.json")),
        buildExcludes,
      };
    });
}

/** The packages that get published: every one not marked `"private": true`. */
export function publishedPackages(): WorkspacePackage[] {
  return workspacePackages().filter((pkg) => pkg.manifest.private !== true);
}

/**
 * The source files a package's consumers can load: each export's `source` condition and each
 * binary's source (`./dist/bin.js` is built from `./src/bin.ts`).
 */
export function entrySources(pkg: WorkspacePackage): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [subpath, conditions] of Object.entries(pkg.manifest.exports ?? {})) {
    const source = conditions.source;
    if (source !== undefined) entries.set(subpath, join(pkg.directory, source));
  }
  for (const [command, target] of Object.entries(pkg.manifest.bin ?? {})) {
    const source = target.replace(/^\.\/dist\//, "./src/").replace(/\.js$/, ".ts");
    entries.set(`bin:${command}`, join(pkg.directory, source));
  }
  return entries;
}
