/**
 * Run by `pnpm bench` before the bench: builds the `sqlite3` driver of Emmett's SQLite store
 * when it is not built yet. `pnpm install` never builds it (pnpm-workspace.yaml `allowBuilds`:
 * only the bench needs it, and without a prebuilt binary it compiles SQLite from source), so the
 * bench is the one place that pays for it, once.
 */
import { spawnSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** The `sqlite3` that Emmett's SQLite store loads: its peer, resolved from where it is installed. */
const emmettSqlite = realpathSync(fileURLToPath(import.meta.resolve("@event-driven-io/emmett-sqlite")));
const fromEmmett = createRequire(emmettSqlite);
const sqlite3Dir = dirname(fromEmmett.resolve("sqlite3/package.json"));

function loads(): boolean {
  try {
    fromEmmett("sqlite3");
    return true;
  } catch {
    return false;
  }
}

if (!loads()) {
  console.error(
    "Building sqlite3 for Emmett's SQLite store: once, a minute or two (`pnpm install` leaves it out, only the bench uses it)…",
  );
  // Its own install script, through npm so the build sees npm's settings (nodedir) as on install.
  // A compiler's warnings run to thousands of lines: they are shown only when the build fails.
  const built = spawnSync("npm", ["run", "install"], {
    cwd: sqlite3Dir,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (built.status !== 0 || !loads()) {
    const output = `${built.stdout ?? ""}${built.stderr ?? ""}`.trimEnd().split("\n").slice(-40);
    console.error(
      [...output, `✗ sqlite3 could not be built in ${sqlite3Dir}: the end of its output is above`].join("\n"),
    );
    process.exit(1);
  }
  console.error("sqlite3 built.");
}
