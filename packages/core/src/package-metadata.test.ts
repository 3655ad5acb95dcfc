import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import {
  entrySources,
  type PackageManifest,
  publishedPackages,
  readJson,
  repositoryRoot,
  workspacePackages,
} from "./test-support/workspace-packages.js";

const root = readJson<PackageManifest & { engines: { node: string } }>(join(repositoryRoot, "package.json"));
const published = publishedPackages();
const privateNames = new Set(
  workspacePackages()
    .filter((pkg) => pkg.manifest.private === true)
    .map((pkg) => pkg.manifest.name),
);

/** A build exclude that names a folder (`src/testing`, `src/test-support/**`), without its glob tail. */
function excludedFolder(pattern: string): string | undefined {
  const folder = pattern.replace(/\/\*\*$/, "");
  return folder.includes("*") ? undefined : folder;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("the repository", () => {
  it("has the MIT licence the packages declare", () => {
    expect(existsSync(join(repositoryRoot, "LICENSE"))).toBe(true);
    expect(root.license).toBe("MIT");
  });

  it("publishes packages at all (the checks below would pass vacuously otherwise)", () => {
    expect(published.map((pkg) => pkg.manifest.name)).toContain("@iop/core");
  });
});

describe.each(published.map((pkg) => [pkg.manifest.name, pkg] as const))("%s package.json", (_name, pkg) => {
  const { manifest } = pkg;

  it("declares the licence, its folder in the repository, keywords and the Node versions", () => {
    expect(manifest.license).toBe("MIT");
    expect(manifest.repository?.type).toBe("git");
    expect(manifest.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(manifest.repository?.directory).toBe(`packages/${pkg.folder}`);
    expect(manifest.keywords).toContain("iop");
    expect(manifest.engines?.node).toBe(root.engines.node);
  });

  it("builds without tests and publishes without them or the folders the build leaves out", () => {
    expect(pkg.buildExcludes).toContain("src/**/*.test.ts");
    const files = manifest.files ?? [];
    expect(files).toContain("dist");
    if (!files.includes("src")) return;
    expect(files).toContain("!src/**/*.test.ts");
    for (const folder of pkg.buildExcludes.flatMap((pattern) => excludedFolder(pattern) ?? [])) {
      expect(files.map((entry) => excludedFolder(entry))).toContain(`!${folder}`);
    }
    const specFiles = sourceFiles(join(pkg.directory, "src")).filter((file) => file.endsWith(".spec.ts"));
    expect(specFiles, "spec files would be published: the files list only leaves out *.test.ts").toEqual([]);
  });

  it("exports only what the build emits, where the build puts it", () => {
    const excludedFolders = pkg.buildExcludes.flatMap((pattern) => excludedFolder(pattern) ?? []);
    for (const [subpath, conditions] of Object.entries(manifest.exports ?? {})) {
      const source = conditions.source ?? "";
      const built = source.replace(/^\.\/src\//, "./dist/").replace(/\.ts$/, "");
      expect(conditions.types, subpath).toBe(`${built}.d.ts`);
      expect(conditions.import, subpath).toBe(`${built}.js`);
      const sourcePath = relative(pkg.directory, entrySources(pkg).get(subpath) ?? "");
      expect(existsSync(join(pkg.directory, sourcePath)), subpath).toBe(true);
      expect(sourcePath, subpath).not.toMatch(/\.test\.ts$/);
      for (const folder of excludedFolders) expect(sourcePath.startsWith(`${folder}/`), subpath).toBe(false);
    }
  });

  it("depends on no private workspace package, which a consumer could not install", () => {
    const runtime = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
    expect(runtime.filter((name) => privateNames.has(name))).toEqual([]);
  });
});
