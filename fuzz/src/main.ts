/**
 * `pnpm fuzz [--runs N] [--seed S] [--adapters memory,sqlite,postgres]`: hostile inputs through
 * `append` and `handle` on every adapter, each adapter in a child process of its own. Prints a
 * table of the four counters that must be 0, the first counterexamples of any that is not, and
 * a totals line; exits 1 on any failure. See README.md.
 */
import { fork } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startTestPostgres, type TestDatabase, type TestPostgres } from "@iop/store-postgres/testing";
import type { Adapter, Target } from "./adapters.js";
import { parseArgs, USAGE } from "./args.js";
import type { ChildMessage, Job } from "./job.js";
import { counterexampleLines, refusalLines, resultTable, totalsLine } from "./report.js";
import { emptyTally, failures, keepExample, type Tally } from "./tally.js";

const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));

/** A child that sends nothing for this long is hung on an input: it is killed, a crash. */
const SILENCE_MS = 300_000;

/** Runs one job in a child process; a child that dies or hangs is a crash, after what it reported. */
function runChild(job: Job): Promise<Tally> {
  return new Promise((resolve) => {
    const child = fork(CHILD, [JSON.stringify(job)], {
      execArgv: process.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let last = emptyTally(job.target.adapter);
    let result: Tally | undefined;
    let hung = false;
    let watchdog: NodeJS.Timeout;
    const watch = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        hung = true;
        child.kill("SIGKILL");
      }, SILENCE_MS);
    };
    watch();
    child.on("message", (message: ChildMessage) => {
      watch();
      if (message.kind === "result") result = message.tally;
      else last = message.tally;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(watchdog);
      if (result !== undefined) return resolve(result);
      last.crashes += 1;
      // Progress comes every PROGRESS_EVERY inputs: the input that killed it is at most that many later.
      const inHandle = last.inputs >= job.runs;
      keepExample(last, {
        phase: inHandle ? "handle" : "append",
        run: inHandle ? last.inputs - job.runs : last.inputs,
        verdict: "crash",
        input: `an input from this run on (the last progress report was after ${last.inputs} inputs)`,
        detail: hung
          ? `no word from the child for ${SILENCE_MS / 1000}s: killed`
          : `the child process died (${signal ?? `exit code ${code}`})`,
      });
      resolve(last);
    });
  });
}

/** Where each adapter stores, made on demand and removed afterwards. */
class Targets {
  private postgres: TestPostgres | undefined;
  private database: TestDatabase | undefined;
  private dir: string | undefined;

  async of(adapter: Adapter): Promise<Target> {
    if (adapter === "memory") return { adapter };
    if (adapter === "sqlite") {
      this.dir ??= await mkdtemp(join(tmpdir(), "iop-fuzz-"));
      return { adapter, path: join(this.dir, "fuzz.db") };
    }
    this.postgres ??= await startTestPostgres();
    this.database ??= await this.postgres.createDatabase("fuzz");
    return { adapter, url: this.database.url };
  }

  async remove(): Promise<void> {
    await this.database?.drop();
    await this.postgres?.stop();
    if (this.dir !== undefined) await rm(this.dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2), () => randomInt(-(2 ** 31), 2 ** 31));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const { runs, seed, adapters } = options;
  console.log(
    `fuzz: seed ${seed}, ${runs} inputs through append and ${runs} through handle on ${adapters.join(", ")}`,
  );
  const targets = new Targets();
  const tallies: Tally[] = [];
  try {
    for (const adapter of adapters) {
      const tally = await runChild({ target: await targets.of(adapter), runs, seed });
      console.log(
        `${adapter}: ${tally.inputs} inputs in ${tally.seconds.toFixed(1)}s, ${failures(tally)} failures`,
      );
      tallies.push(tally);
    }
  } finally {
    await targets.remove();
  }
  console.log(`\n${resultTable(tallies)}\n`);
  for (const line of refusalLines(tallies)) console.log(line);
  const failed = tallies.some((t) => failures(t) > 0);
  if (failed) {
    console.log("");
    for (const line of counterexampleLines(tallies)) console.log(line);
    console.log(
      `\nreplay: pnpm fuzz --seed ${seed} --runs ${runs} --adapters ${tallies
        .filter((t) => failures(t) > 0)
        .map((t) => t.adapter)
        .join(",")}`,
    );
  }
  console.log(totalsLine(tallies));
  return failed ? 1 : 0;
}

process.exitCode = await main();
