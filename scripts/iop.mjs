/**
 * `pnpm iop …`: runs the built command-line tool (`packages/cli/dist/bin.js`), building the
 * packages first when any package's sources changed since the last build this script started, or
 * a build output is missing — so it never runs a stale build. Plain JavaScript, so that starting
 * it costs one Node process and no TypeScript loader.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const packagesDir = join(root, "packages");
/** Written when a build through this script succeeds, with the time that build started. */
const stamp = join(root, "node_modules", ".cache", "iop", "build-started");
const bin = join(packagesDir, "cli", "dist", "bin.js");

/** The newest modification time of what a package's build reads (tests are not built). */
function newestInput(dir) {
  let newest = 0;
  for (const file of ["package.json", "tsconfig.build.json"]) {
    if (existsSync(join(dir, file))) newest = Math.max(newest, statSync(join(dir, file)).mtimeMs);
  }
  for (const entry of readdirSync(join(dir, "src"), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !entry.name.endsWith(".test.ts"))
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!existsSync(stamp) || !existsSync(bin)) return true;
  const builtFrom = statSync(stamp).mtimeMs;
  if (statSync(join(root, "tsconfig.base.json")).mtimeMs >= builtFrom) return true;
  return readdirSync(packagesDir).some((name) => {
    const dir = join(packagesDir, name);
    if (!existsSync(join(dir, "tsconfig.build.json"))) return false;
    return !existsSync(join(dir, "dist", "index.js")) || newestInput(dir) >= builtFrom;
  });
}

if (isStale()) {
  process.stderr.write("Building the packages first: their sources changed since the last build…\n");
  const started = new Date();
  // Standard output stays the command's own (`pnpm iop export > file`), so the build's goes to error.
  const build = spawnSync("pnpm", ["build"], { cwd: root, stdio: ["ignore", 2, 2] });
  if (build.status !== 0) {
    process.stderr.write(
      "✗ pnpm build failed: see above; fix it, or run the sources with `pnpm iop:source`\n",
    );
    process.exit(build.status ?? 1);
  }
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${started.toISOString()}\n`);
  utimesSync(stamp, started, started);
}

await import(pathToFileURL(bin).href);
