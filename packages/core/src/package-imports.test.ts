import { describe, expect, it } from "vitest";
import { importGraph, importSpecifiers, packageName } from "./test-support/import-graph.js";
import { installedPackage, shipsOwnTypes, typesPackageName } from "./test-support/installed-types.js";
import { entrySources, publishedPackages } from "./test-support/workspace-packages.js";

const TEST_TOOLS = ["vitest", "fast-check"];
const published = publishedPackages();
const core = published.find((pkg) => pkg.manifest.name === "@iop/core");
if (core === undefined) throw new Error("packages/core is not among the published packages");

describe("the import scan", () => {
  it("reads static, type-only, re-export, side-effect and dynamic imports, and skips comments", () => {
    const source = [
      'import fc from "fast-check";',
      'import type {\n  Pool,\n} from "pg";',
      'export { x } from "./x.js";',
      'import "./setup.js";',
      'const m = await import("@scope/name/sub");',
      '/** import { y } from "commented-out"; */',
      '// import { z } from "also-commented";',
    ].join("\n");
    expect(importSpecifiers(source).sort()).toEqual([
      "./setup.js",
      "./x.js",
      "@scope/name/sub",
      "fast-check",
      "pg",
    ]);
    expect(packageName("@scope/name/sub")).toBe("@scope/name");
    expect(packageName("vitest/node")).toBe("vitest");
  });
});

describe("@iop/core entry points", () => {
  const sources = entrySources(core);

  it.each([".", "./adapter-kit"])("%s never reaches a test tool, so a consumer needs neither", (subpath) => {
    const entry = sources.get(subpath);
    expect(entry, subpath).toBeDefined();
    const graph = importGraph([entry ?? ""]);
    expect(graph.files.size).toBeGreaterThan(1);
    expect(TEST_TOOLS.filter((tool) => graph.packages.has(tool))).toEqual([]);
  });

  it("keeps the test tools of @iop/core/testing optional peers", () => {
    const graph = importGraph([sources.get("./testing") ?? ""]);
    for (const tool of TEST_TOOLS) {
      expect(graph.packages.has(tool), tool).toBe(true);
      expect(core.manifest.peerDependencies?.[tool], tool).toBeDefined();
      expect(core.manifest.peerDependenciesMeta?.[tool]?.optional, tool).toBe(true);
    }
  });
});

describe.each(published.map((pkg) => [pkg.manifest.name, pkg] as const))("%s imports", (name, pkg) => {
  const graph = importGraph(entrySources(pkg).values());
  const runtime = { ...pkg.manifest.dependencies, ...pkg.manifest.peerDependencies };
  const imported = [...graph.packages.keys()].filter((imported) => imported !== name);

  it("declares every package its published modules import as a dependency or peer", () => {
    expect(imported.filter((imported) => runtime[imported] === undefined)).toEqual([]);
  });

  it("depends on the @types package of every import that ships no declarations (TS7016 otherwise)", () => {
    const untyped = imported.filter((imported) => {
      const dir = installedPackage(imported, pkg.directory);
      if (dir === undefined) throw new Error(`${name}: ${imported} is not installed`);
      return !shipsOwnTypes(dir);
    });
    const missing = untyped.map(typesPackageName).filter((types) => runtime[types] === undefined);
    expect(missing).toEqual([]);
  });
});

describe("the adapters' declarations", () => {
  it.each([
    ["@iop/store-sqlite", "@types/better-sqlite3"],
    ["@iop/store-postgres", "@types/pg"],
  ])("%s depends on %s, which its .d.ts files import", (name, types) => {
    const pkg = published.find((candidate) => candidate.manifest.name === name);
    expect(pkg?.manifest.dependencies?.[types]).toBeDefined();
    expect(pkg?.manifest.devDependencies?.[types]).toBeUndefined();
  });
});
