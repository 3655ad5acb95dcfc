import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { husbyHistory } from "@iop/fixtures";
import { openSqliteStore } from "@iop/store-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iop } from "./test-support/run-iop.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = fileURLToPath(new URL("./bin.ts", import.meta.url));

/** The rows of a plain SQL query on the SQLite file, through a read-only connection of its own. */
async function query(path: string, sql: string): Promise<unknown[]> {
  const store = await openSqliteStore({ path, readOnly: true });
  try {
    return store.driver.database.prepare(sql).all();
  } finally {
    await store.close();
  }
}

/** Resolves once the child's standard output has printed a line matching `pattern`. */
function lineMatching(child: ChildProcess, output: string[], pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (
        output
          .join("")
          .split("\n")
          .some((line) => pattern.test(line))
      ) {
        child.stdout?.off("data", check);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) =>
      reject(new Error(`iop exited (${code}) before printing ${pattern}: ${output.join("")}`)),
    );
    check();
  });
}

describe("iop project", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-project-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("builds the five tables in the store, which a plain SQL client then queries", {
    timeout: 60_000,
  }, async () => {
    const path = join(dir, "demo.db");
    expect((await iop("--store", `sqlite:${path}`, "demo")).code).toBe(0);
    const built = await iop("--store", `sqlite:${path}`, "project");
    expect(built.code).toBe(0);
    expect(built.out.split("\n")).toEqual(
      ["iop_register", "iop_timeline", "iop_funding", "iop_reports_due", "iop_audit_trail"].map(
        (table) => `${table}: 33 events read, 11 agreements written, built and published at position 33`,
      ),
    );
    expect(await query(path, "SELECT count(*) AS n FROM iop_register WHERE status = 'signed'")).toEqual([
      { n: 4 },
    ]);
    // Run again: nothing new to read, nothing written.
    const again = await iop("--store", `sqlite:${path}`, "project", "--json");
    expect(again.out.split("\n").map((line) => JSON.parse(line).written)).toEqual([0, 0, 0, 0, 0]);
  });

  it("refuses a store that does not exist, in one line, and creates none", async () => {
    const missing = join(dir, "typo.db");
    const refused = await iop("--store", `sqlite:${missing}`, "project");
    expect(refused).toMatchObject({ code: 3, out: "" });
    expect(refused.err).not.toContain("\n");
    expect((await iop("--store", `sqlite:${missing}`, "register")).code).toBe(3);
  });

  it("--follow keeps the tables up to date as events arrive, and stops cleanly on SIGTERM", {
    timeout: 90_000,
  }, async () => {
    // Given a store with the first half of the Husby history
    const path = join(dir, "follow.db");
    const half = Math.floor(husbyHistory.length / 2);
    const first = join(dir, "first.json");
    const rest = join(dir, "rest.json");
    await writeFile(first, JSON.stringify(husbyHistory.slice(0, half)));
    await writeFile(rest, JSON.stringify(husbyHistory.slice(half)));
    expect((await iop("--store", `sqlite:${path}`, "record", first)).code).toBe(0);
    // When a follower runs in a process of its own
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=source", BIN, "--store", `sqlite:${path}`, "project", "--follow"],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const out: string[] = [];
    const err: string[] = [];
    child.stdout.on("data", (chunk) => out.push(String(chunk)));
    child.stderr.on("data", (chunk) => err.push(String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await lineMatching(child, out, /^iop_audit_trail: .* built and published/);
      // And the rest of the history is recorded by another process
      expect((await iop("--store", `sqlite:${path}`, "record", rest)).code).toBe(0);
      // Then the follower catches up on its own
      await lineMatching(child, out, /^iop_audit_trail: .* up to date/);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
    expect(err.join("")).toContain("stopped between batches");
    const agreements = new Set(husbyHistory.map((step) => step.agreementId)).size;
    expect(await query(path, "SELECT count(*) AS n FROM iop_register")).toEqual([{ n: agreements }]);
    expect(await query(path, "SELECT count(*) AS n FROM iop_register WHERE status = 'signed'")).toEqual([
      { n: 4 },
    ]);
  });
});
