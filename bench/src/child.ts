/**
 * One child process runs workloads on one contender and reports their timings and its peak
 * memory to the parent (`main.ts`) over IPC. Never run by hand: `pnpm bench` starts it.
 */
import { decodeEvent, type IopStore, readAllPages } from "@iop/core";
import { runLive } from "@iop/projections";
import { openContender } from "./contenders/open.js";
import { batchedAppends, commandSequence, eachBatchedAppend, fingerprint, singleAppends } from "./data.js";
import type {
  ImportStep,
  Job,
  JobResult,
  JobWorkload,
  Measurement,
  RebuildStep,
  Target,
  VerifyStep,
} from "./job.js";
import { eventCount } from "./plan.js";
import { populateStore } from "./populate.js";
import { registerProjection } from "./register.js";

async function timed(fn: () => Promise<number>): Promise<{ result: number; seconds: number }> {
  const start = performance.now();
  const result = await fn();
  return { result, seconds: (performance.now() - start) / 1000 };
}

/**
 * Reads change nothing, so a read workload runs `passes` times in its child and keeps the fastest
 * pass: the steady state, after the JIT has warmed up, least disturbed by other load.
 */
async function fastestPass(
  passes: number,
  fn: () => Promise<number>,
): Promise<{ result: number; seconds: number }> {
  let fastest: { result: number; seconds: number } | undefined;
  for (let pass = 0; pass < Math.max(1, passes); pass++) {
    const run = await timed(fn);
    if (fastest === undefined || run.seconds < fastest.seconds) fastest = run;
  }
  return fastest as { result: number; seconds: number };
}

function expect(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${what}: expected ${expected}, got ${actual}`);
}

type Outcome = { measurements: Measurement[]; dataFingerprint: string };

async function runWorkload(job: Job, workload: JobWorkload): Promise<Outcome> {
  const contender = await openContender(job, workload.target);
  try {
    const total = eventCount(job.shape);
    // Generated lazily: a workload holds only the data it uses.
    const batches = () => eachBatchedAppend(job.shape, job.batchSize);
    /** Reads need the database the batched workload wrote; fill it (untimed) when it is empty. */
    const ensureWritten = async () => {
      if ((await contender.readStream(job.shape.streams - 1)) > 0) return;
      for (const b of batches()) await contender.append(b.stream, b.events, b.expectedVersion);
    };
    switch (workload.id) {
      case "single": {
        const all = singleAppends(job.shape);
        const appends = all.slice(0, Math.min(all.length, workload.limit ?? all.length));
        const { seconds } = await timed(async () => {
          for (const a of appends) await contender.append(a.stream, [a.event], a.expectedVersion);
          return appends.length;
        });
        return {
          measurements: [{ workload: "single", events: appends.length, seconds }],
          dataFingerprint: fingerprint(all),
        };
      }
      case "batched": {
        const appends = batchedAppends(job.shape, job.batchSize);
        const { seconds } = await timed(async () => {
          for (const b of appends) await contender.append(b.stream, b.events, b.expectedVersion);
          return total;
        });
        return {
          measurements: [{ workload: "batched", events: total, seconds }],
          dataFingerprint: fingerprint(appends),
        };
      }
      case "read-stream": {
        await ensureWritten();
        const { result, seconds } = await fastestPass(job.readPasses, async () => {
          let read = 0;
          for (let s = 0; s < job.shape.streams; s++) read += await contender.readStream(s);
          return read;
        });
        expect("events read", result, total);
        return {
          measurements: [{ workload: "read-stream", events: result, seconds }],
          dataFingerprint: fingerprint(batches()),
        };
      }
      case "read-all": {
        await ensureWritten();
        const { result, seconds } = await fastestPass(job.readPasses, () => contender.readAll(job.pageSize));
        expect("events read", result, total);
        return {
          measurements: [{ workload: "read-all", events: result, seconds }],
          dataFingerprint: fingerprint(batches()),
        };
      }
      case "register": {
        await ensureWritten();
        const { result, seconds } = await fastestPass(job.readPasses, () =>
          contender.rebuildRegister(job.pageSize),
        );
        expect("register rows", result, job.shape.streams);
        return {
          measurements: [{ workload: "register", events: total, seconds }],
          dataFingerprint: fingerprint(batches()),
        };
      }
      case "commands": {
        const commands = commandSequence(job.agreements, job.commandsPerAgreement);
        const { seconds } = await timed(async () => {
          for (const c of commands) await contender.handle(c.agreement, c.command);
          return commands.length;
        });
        expect(
          "events after the commands",
          await contender.readStream(job.agreements - 1),
          job.commandsPerAgreement,
        );
        return {
          measurements: [{ workload: "commands", events: commands.length, seconds }],
          dataFingerprint: fingerprint(commands),
        };
      }
      default:
        throw new Error(`unknown workload ${workload.id}`);
    }
  } finally {
    await contender.close();
  }
}

/**
 * The million-event replay: our SQLite store, written with appends of 100 (timed separately),
 * then read three times — read only, read and decode, and the register's full replay
 * (`runLive`) — so the docs can say where the time goes.
 */
async function runReplay(job: Job, target: Target): Promise<Outcome> {
  if (!("sqlitePath" in target)) throw new Error("the replay runs on SQLite");
  const { openOurSqliteStore } = await import("./contenders/ours.js");
  const store = await openOurSqliteStore(target.sqlitePath, job.contender.synchronous ?? "normal");
  try {
    const total = eventCount(job.shape);
    const measurements: Measurement[] = [];
    const populate = await timed(async () => {
      await populateStore(store, job.shape, job.batchSize);
      return total;
    });
    measurements.push({ workload: "replay-populate", events: total, seconds: populate.seconds });

    const readOnly = await timed(async () => {
      let count = 0;
      for await (const page of readAllPages(store, { pageSize: 5000 })) count += page.length;
      return count;
    });
    expect("events read", readOnly.result, total);
    measurements.push({ workload: "replay-read", events: total, seconds: readOnly.seconds });

    const readDecode = await timed(async () => {
      let count = 0;
      for await (const page of readAllPages(store, { pageSize: 5000 })) {
        for (const event of page) decodeEvent(event);
        count += page.length;
      }
      return count;
    });
    measurements.push({ workload: "replay-decode", events: readDecode.result, seconds: readDecode.seconds });

    const replay = await timed(async () => Object.keys(await runLive(registerProjection, store)).length);
    expect("register rows", replay.result, job.shape.streams);
    measurements.push({ workload: "replay", events: total, seconds: replay.seconds });
    // Nobody else replays: the fingerprint only records the shape.
    return { measurements, dataFingerprint: fingerprint([job.shape]) };
  } finally {
    await store.close();
  }
}

/**
 * The rules workload on our SQLite or PostgreSQL store: commands through the Stockholm rules,
 * timed in a window before each checkpoint (see `rules-workload.ts`).
 */
async function runRules(job: Job, target: Target): Promise<Outcome> {
  // Loaded here only: the other workloads' children do not hold the rules' modules.
  const [ours, { rulesCommands }, { recordThroughRules }] = await Promise.all([
    import("./contenders/ours.js"),
    import("./rules-data.js"),
    import("./rules-workload.js"),
  ]);
  const store: IopStore =
    "sqlitePath" in target
      ? await ours.openOurSqliteStore(target.sqlitePath, job.contender.synchronous ?? "normal")
      : await ours.openOurPostgresStore(target.postgresUrl);
  try {
    const points = await recordThroughRules(store, job.rules);
    return {
      measurements: points.map((p) => ({
        workload: "rules",
        events: p.commands,
        seconds: p.seconds,
        at: p.at,
      })),
      dataFingerprint: fingerprint(rulesCommands(job.rules.checkpoints.at(-1) ?? 0)),
    };
  } finally {
    await store.close();
  }
}

const VERIFY_STEPS: ReadonlySet<string> = new Set<VerifyStep>([
  "verify-populate",
  "verify-open",
  "verify",
  "export",
]);

const REBUILD_STEPS: ReadonlySet<string> = new Set<RebuildStep>([
  "rebuild-populate",
  "rebuild-live",
  "rebuild-durable",
  "rebuild-append",
]);

const IMPORT_STEPS: ReadonlySet<string> = new Set<ImportStep>([
  "import-file",
  "import-per-stream",
  "import-chunked",
]);

/**
 * Runs one workload of the job; the chain's, latency's, verify's, rebuild's, import's and
 * memory's modules are loaded only by their children.
 */
async function outcomeOf(job: Job, workload: JobWorkload): Promise<Outcome> {
  if (workload.id === "replay") return runReplay(job, workload.target);
  if (workload.id === "rules") return runRules(job, workload.target);
  if (workload.id === "chain") return (await import("./chain-workload.js")).runChain(job, workload);
  if (workload.id === "latency") return (await import("./latency-workload.js")).runLatency(job, workload);
  if (workload.id === "memory-export-file") {
    if (!("sqlitePath" in workload.target) || workload.file === undefined)
      throw new Error("the memory workload's export runs on SQLite, to a file");
    const { runMemoryStep } = await import("./memory-workload.js");
    const measurement = await runMemoryStep(workload.id, workload.target.sqlitePath, workload.file);
    return { measurements: [measurement], dataFingerprint: fingerprint([job.shape]) };
  }
  if (VERIFY_STEPS.has(workload.id)) {
    if (!("sqlitePath" in workload.target)) throw new Error("the verify workload runs on SQLite");
    const { runVerifyStep } = await import("./verify-workload.js");
    const measurement = await runVerifyStep(job, workload.id as VerifyStep, workload.target.sqlitePath);
    // Nobody else verifies: the fingerprint only records the shape.
    return { measurements: [measurement], dataFingerprint: fingerprint([job.shape]) };
  }
  if (REBUILD_STEPS.has(workload.id)) {
    if (!("sqlitePath" in workload.target)) throw new Error("the rebuild workload runs on SQLite");
    const { runRebuildStep } = await import("./rebuild-workload.js");
    const measurement = await runRebuildStep(job, workload.id as RebuildStep, workload.target.sqlitePath);
    return { measurements: [measurement], dataFingerprint: fingerprint([job.shape]) };
  }
  if (IMPORT_STEPS.has(workload.id)) {
    const { runImportStep } = await import("./import-workload.js");
    const measurement = await runImportStep(job.shape, workload.id as ImportStep, workload);
    return { measurements: [measurement], dataFingerprint: fingerprint([job.shape]) };
  }
  return runWorkload(job, workload);
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? "{}") as Job;
  const measurements: Measurement[] = [];
  const dataFingerprints: Record<string, string> = {};
  let error: string | undefined;
  try {
    for (const workload of job.workloads) {
      const outcome = await outcomeOf(job, workload);
      measurements.push(...outcome.measurements);
      dataFingerprints[workload.id] = outcome.dataFingerprint;
    }
  } catch (failure) {
    error = failure instanceof Error ? (failure.stack ?? failure.message) : String(failure);
  }
  const result: JobResult = {
    contender: job.contender.id,
    measurements,
    dataFingerprints,
    maxRssKb: process.resourceUsage().maxRSS,
    ...(error === undefined ? {} : { error }),
  };
  if (process.send) await new Promise<void>((resolve) => process.send?.(result, () => resolve()));
  else console.log(JSON.stringify(result));
  // Drivers may keep handles (pools, timers) open; the job is done either way.
  process.exit(0);
}

await main();
