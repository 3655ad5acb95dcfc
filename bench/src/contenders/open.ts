import type { Job, Target } from "../job.js";
import type { Contender } from "./types.js";

/** Opens the job's contender, loading only its own modules (so its memory is its own). */
export async function openContender(job: Job, target: Target): Promise<Contender> {
  const { implementation, backend, synchronous = "full" } = job.contender;
  if (backend === "sqlite") {
    if (!("sqlitePath" in target)) throw new Error("a SQLite job needs a path");
    const path = target.sqlitePath;
    if (implementation === "ours") return (await import("./ours.js")).openOursSqlite(path, synchronous);
    if (implementation === "emmett") return (await import("./emmett.js")).openEmmettSqlite(path, synchronous);
    return (await import("./raw-sqlite.js")).openRawSqlite(path, synchronous);
  }
  if (!("postgresUrl" in target)) throw new Error("a PostgreSQL job needs a URL");
  const url = target.postgresUrl;
  if (implementation === "ours") return (await import("./ours.js")).openOursPostgres(url);
  if (implementation === "emmett") return (await import("./emmett.js")).openEmmettPostgres(url);
  return (await import("./raw-postgres.js")).openRawPostgres(url);
}
