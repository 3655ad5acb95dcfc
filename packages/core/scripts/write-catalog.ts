// Writes the event catalog (catalog/ at the repository root) from the zod schemas: `pnpm event-catalog`.
// Stale files are removed first; Biome then formats the JSON as `pnpm lint` expects it.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { catalogFiles } from "../src/catalog/catalog-files.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const catalog = join(root, "catalog");
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

rmSync(catalog, { recursive: true, force: true });
const files = catalogFiles(version);
for (const [path, value] of files) {
  const file = join(catalog, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
execFileSync("npx", ["biome", "format", "--write", catalog], { cwd: root, stdio: "inherit" });
console.log(`wrote ${files.size} files to ${catalog}`);
