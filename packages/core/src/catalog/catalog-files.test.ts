import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { catalogFiles } from "./catalog-files.js";

const catalog = fileURLToPath(new URL("../../../../catalog/", import.meta.url));
const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));

function checkedIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? checkedIn(join(dir, entry.name))
      : [relative(catalog, join(dir, entry.name)).split("\\").join("/")],
  );
}

const STALE = "the event catalog is out of date: run `pnpm event-catalog` to update";

// Compared as JSON values, not text: Biome formats the written files (pnpm lint checks them).
describe("catalog/", () => {
  const files = catalogFiles(version);

  it("holds exactly the files the schemas generate", () => {
    expect(checkedIn(catalog).sort(), STALE).toEqual([...files.keys()].sort());
  });

  it.each([...files.keys()])("%s is as the schemas generate it", (path) => {
    expect(JSON.parse(readFileSync(join(catalog, path), "utf8")), STALE).toEqual(files.get(path));
  });

  it("lists every generated schema in its index", () => {
    const index = files.get("index.json") as { events: { schema: string }[]; commands: { schema: string }[] };
    const listed = [...index.events, ...index.commands].map((entry) => entry.schema);
    expect([...listed, "asyncapi.json", "index.json"].sort()).toEqual([...files.keys()].sort());
  });
});
