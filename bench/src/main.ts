/**
 * `pnpm bench [--quick]`: the same workloads on our SQLite and PostgreSQL adapters, on Emmett's
 * SQLite and PostgreSQL event stores, and on the raw drivers, each (contender, workload) in a
 * child process of its own, one after another. Prints a table per backend, the targets, and one
 * JSON line for machines. See docs/benchmarks.md.
 */
import { fork } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Options, parseArgs, USAGE } from "./args.js";
import { chainOnRaw, microsPerEvent } from "./chain-report.js";
import { type ChainRun, chainReport, runChainSection } from "./chain-section.js";
import { currentLoad, machine, versions } from "./environment.js";
import {
  fastestPoints,
  type GrowthPoint,
  type GrowthRun,
  growthRatio,
  growthTable,
  growthTargets,
  microsPerCommand,
} from "./growth.js";
import { type ImportRun, importTable, importTargets, speedUp } from "./import-report.js";
import { runImportSection } from "./import-section.js";
import type { Job, JobResult, Target } from "./job.js";
import { type LatencyRun, latencyRatio, latencyTables, PERCENTILES } from "./latency-report.js";
import { runLatencySection } from "./latency-section.js";
import {
  MEMORY_OPERATIONS,
  type MemorySize,
  memoryGrowthOf,
  memoryTable,
  memoryTargets,
} from "./memory-report.js";
import { runMemorySection } from "./memory-section.js";
import {
  CHAIN_WORKLOAD,
  CONTENDERS,
  type ContenderSpec,
  eventCount,
  IMPORT_WORKLOAD,
  LATENCY_WORKLOAD,
  MEMORY_WORKLOAD,
  PROFILES,
  type Profile,
  REBUILD_WORKLOAD,
  RULES_CONTENDERS,
  RULES_WORKLOAD,
  unitsOf,
  VERIFY_WORKLOAD,
  WORKLOADS,
  type WorkloadId,
  type WorkloadSpec,
  workloadLabel,
} from "./plan.js";
import { type BenchPostgres, startPostgres } from "./postgres.js";
import {
  costGrowthText,
  durableOverLive,
  microsOf,
  type RebuildSize,
  rebuildTable,
  rebuildTargets,
} from "./rebuild-report.js";
import { runRebuildSection } from "./rebuild-section.js";
import {
  best,
  type Cell,
  evaluateTargets,
  formatMb,
  formatRate,
  groups,
  Results,
  rateOf,
  resultTables,
  targetTable,
} from "./report.js";
import { jobOf, type SectionContext } from "./section.js";
import { memoryGrowth, memoryGrowthText, type VerifySize, verifyTable } from "./verify-report.js";
import { runVerifySection } from "./verify-section.js";

const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));

/** Runs one job in a child process and waits for its result. */
function runChild(job: Job, options: Options): Promise<JobResult> {
  const execArgv = [...process.execArgv];
  if (options.cpuProfDir !== undefined)
    // A directory per job: the main thread's profile is the file with thread id 0 (`….0.001.cpuprofile`).
    execArgv.push(
      "--cpu-prof",
      `--cpu-prof-dir=${join(options.cpuProfDir, `${job.contender.id}-${job.workloads.map((w) => w.id).join("+")}`)}`,
    );
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [JSON.stringify(job)], {
      execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: JobResult | undefined;
    child.on("message", (message) => {
      result = message as JobResult;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`${job.contender.id}: the child exited (${signal ?? code}) without a result`));
    });
  });
}

/** {@link runChild}, with a child that could not run reported as the job's error. */
function runJob(job: Job, options: Options): Promise<JobResult> {
  return runChild(job, options).catch(
    (error: unknown): JobResult => ({
      contender: job.contender.id,
      measurements: [],
      maxRssKb: 0,
      dataFingerprints: {},
      error: String(error),
    }),
  );
}

/** Which database a workload writes to (a fresh one per round) or reads from (the batched workload's). */
function databaseOf(workload: WorkloadSpec, round: number): string {
  if (workload.reads) return "batched_r1";
  return `${workload.id.replace("-", "_")}_r${round}`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const profile: Profile = PROFILES[options.profile];
  const rounds = options.rounds ?? profile.rounds;
  const specs = CONTENDERS.filter((c) => options.contenders.includes(c.id));
  const workloads = WORKLOADS.filter((w) => options.workloads.includes(w.id));
  const host = machine();
  const started = performance.now();
  console.log(
    `IOP event store benchmark — ${profile.name} profile: ${eventCount(profile.shape).toLocaleString("en-US")} events ` +
      `over ${profile.shape.streams.toLocaleString("en-US")} streams, ${profile.agreements * profile.commandsPerAgreement} commands ` +
      `over ${profile.agreements} agreements${rounds > 1 ? `; writes best of ${rounds} rounds` : ""}` +
      `${profile.readPasses > 1 ? `, reads best of ${profile.readPasses} passes` : ""}`,
  );
  console.log(
    `Machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGb} GB, Node ${process.version}; load average ${host.loadAtStart.join(" ")}`,
  );

  const work = await mkdtemp(join(tmpdir(), "iop-bench-"));
  if (options.cpuProfDir !== undefined) await mkdir(options.cpuProfDir, { recursive: true });
  let postgres: BenchPostgres | undefined;
  const cells: Cell[] = [];
  const fingerprints = new Map<string, Set<string>>();
  const failures: string[] = [];
  let replay: Cell[] = [];
  const growth: GrowthRun[] = [];
  let chain: ChainRun[] = [];
  let verify: VerifySize[] = [];
  let rebuild: RebuildSize[] = [];
  let imports: ImportRun[] = [];
  let latency: LatencyRun[] = [];
  let memory: MemorySize[] = [];
  const collectFingerprints = (result: JobResult) => {
    for (const [workload, print] of Object.entries(result.dataFingerprints)) {
      const seen = fingerprints.get(workload) ?? new Set<string>();
      seen.add(print);
      fingerprints.set(workload, seen);
    }
  };
  try {
    // The verify, rebuild and memory workloads run on SQLite only.
    const sqliteOnly: readonly string[] = [VERIFY_WORKLOAD.id, REBUILD_WORKLOAD.id, MEMORY_WORKLOAD.id];
    if (
      specs.some((s) => s.backend === "postgres") &&
      options.workloads.some((w) => !sqliteOnly.includes(w))
    ) {
      postgres = await startPostgres({ durable: options.pgDurable });
      console.log(
        `PostgreSQL ${postgres.version} (embedded, fresh data directory): ${Object.entries(postgres.settings)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ")}`,
      );
    }
    const pg = postgres;
    const targets = new Map<string, Promise<Target>>();
    const targetOf = (spec: ContenderSpec, database: string): Promise<Target> => {
      const key = `${spec.id}/${database}`;
      let target = targets.get(key);
      if (target === undefined) {
        if (spec.backend === "sqlite")
          target = Promise.resolve({ sqlitePath: join(work, `${spec.id}-${database}.db`) });
        else {
          if (pg === undefined) throw new Error("PostgreSQL is not running");
          target = pg
            .createDatabase(`${spec.id.replace("-", "_")}_${database}`)
            .then((postgresUrl) => ({ postgresUrl }));
        }
        targets.set(key, target);
      }
      return target;
    };

    const section: SectionContext = {
      profile,
      rounds,
      work,
      run: (job) => runJob(job, options),
      target: targetOf,
      fail: (what, error) => failures.push(`${what}: ${error}`),
      fingerprints: collectFingerprints,
    };

    const measured = new Map<string, Cell[]>();
    let heading = "";
    for (const unit of unitsOf(profile.name, specs, workloads)) {
      const title = profile.name === "quick" ? unit.spec.id : (unit.workloads[0]?.label ?? "");
      if (title !== heading) {
        heading = title;
        console.log(`\n${title}`);
      }
      // Reads run once, with passes inside the child; writes run in rounds on fresh databases.
      const unitRounds = unit.workloads.every((w) => w.reads) ? 1 : rounds;
      for (let round = 1; round <= unitRounds; round++) {
        const job: Job = {
          contender: unit.spec,
          workloads: await Promise.all(
            unit.workloads.map(async (w) => {
              const limit = w.id === "single" ? profile.singleLimit[unit.spec.id] : undefined;
              return {
                id: w.id,
                target: await targetOf(unit.spec, databaseOf(w, round)),
                ...(limit === undefined ? {} : { limit }),
              };
            }),
          ),
          shape: profile.shape,
          batchSize: profile.batchSize,
          agreements: profile.agreements,
          commandsPerAgreement: profile.commandsPerAgreement,
          pageSize: profile.pageSize,
          readPasses: profile.readPasses,
          rules: profile.rules,
        };
        const result = await runJob(job, options);
        collectFingerprints(result);
        for (const m of result.measurements) {
          const cell: Cell = {
            contender: unit.spec.id,
            workload: m.workload,
            events: m.events,
            seconds: m.seconds,
            maxRssKb: result.maxRssKb,
          };
          const key = `${cell.contender}/${cell.workload}`;
          measured.set(key, [...(measured.get(key) ?? []), cell]);
          const name = profile.name === "quick" ? workloadLabel(m.workload as WorkloadId) : unit.spec.id;
          console.log(
            `  ${name.padEnd(26)} ${formatRate(rateOf(cell)).padStart(9)}/s  ${formatMb(cell.maxRssKb).padStart(7)}  ` +
              `${m.events.toLocaleString("en-US")} in ${m.seconds.toFixed(2)} s${unitRounds > 1 ? ` (round ${round})` : ""}`,
          );
        }
        if (result.error !== undefined) {
          failures.push(`${unit.spec.id}: ${result.error}`);
          console.log(`  ${unit.spec.id} FAILED: ${result.error.split("\n")[0]}`);
          break;
        }
      }
    }
    for (const tries of measured.values()) {
      const top = best(tries);
      if (top !== undefined) cells.push(top);
    }

    // Ours only, in rounds on fresh databases; each checkpoint's fastest window is reported.
    const rulesSpecs = options.workloads.includes(RULES_WORKLOAD.id)
      ? specs.filter((s) => RULES_CONTENDERS.includes(s.id))
      : [];
    if (rulesSpecs.length > 0)
      console.log(
        `\n${RULES_WORKLOAD.label}: ${(profile.rules.checkpoints.at(-1) ?? 0).toLocaleString("en-US")} commands ` +
          `(apply, grant, sign, two reports per agreement); µs per command over the ${profile.rules.window} before each checkpoint`,
      );
    for (const spec of rulesSpecs) {
      const tries: GrowthPoint[][] = [];
      let maxRssKb = 0;
      for (let round = 1; round <= rounds; round++) {
        const result = await runJob(
          jobOf(section, spec, [{ id: "rules", target: await targetOf(spec, `rules_r${round}`) }]),
          options,
        );
        collectFingerprints(result);
        const points = result.measurements.flatMap((m) =>
          m.at === undefined ? [] : [{ at: m.at, commands: m.events, seconds: m.seconds }],
        );
        tries.push(points);
        maxRssKb = Math.max(maxRssKb, result.maxRssKb);
        console.log(
          `  ${spec.id.padEnd(26)} ${points.map((p) => `${Math.round(microsPerCommand(p))} µs at ${p.at}`).join(", ")}` +
            `  ${formatMb(result.maxRssKb)}${rounds > 1 ? ` (round ${round})` : ""}`,
        );
        if (result.error !== undefined) {
          failures.push(`${spec.id} rules: ${result.error}`);
          console.log(`  ${spec.id} FAILED: ${result.error.split("\n")[0]}`);
          break;
        }
      }
      growth.push({ contender: spec.id, points: fastestPoints(tries), maxRssKb });
    }

    if (options.workloads.includes(CHAIN_WORKLOAD.id))
      chain = await runChainSection(section, specs, groups("PostgreSQL"));
    if (options.workloads.includes(LATENCY_WORKLOAD.id)) latency = await runLatencySection(section, specs);
    if (options.workloads.includes(VERIFY_WORKLOAD.id)) verify = await runVerifySection(section);
    // After verify, before rebuild: it reuses the stores verify wrote, which rebuild appends to.
    if (options.workloads.includes(MEMORY_WORKLOAD.id)) memory = await runMemorySection(section);
    // After verify: it reuses the stores verify wrote (and appends to them).
    if (options.workloads.includes(REBUILD_WORKLOAD.id)) rebuild = await runRebuildSection(section);
    if (options.workloads.includes(IMPORT_WORKLOAD.id)) imports = await runImportSection(section, specs);

    const oursSqlite = CONTENDERS.find((c) => c.id === "ours-sqlite-normal");
    if (options.replay && profile.replay !== undefined && oursSqlite !== undefined) {
      const shape = profile.replay;
      console.log(
        `\nReplay: ${eventCount(shape).toLocaleString("en-US")} events into the register (ours, SQLite)`,
      );
      const result = await runJob(
        jobOf(
          section,
          oursSqlite,
          [{ id: "replay", target: { sqlitePath: join(work, "replay.db") } }],
          shape,
        ),
        options,
      );
      if (result.error !== undefined) {
        failures.push(`replay: ${result.error}`);
        console.log(`  FAILED: ${result.error.split("\n")[0]}`);
      }
      replay = result.measurements.map((m) => ({
        contender: oursSqlite.id,
        ...m,
        maxRssKb: result.maxRssKb,
      }));
      for (const m of replay)
        console.log(`  ${m.workload.padEnd(16)} ${m.seconds.toFixed(2)} s  ${formatRate(rateOf(m))}/s`);
      console.log(`  peak memory ${formatMb(result.maxRssKb)}`);
    }
  } finally {
    await postgres
      ?.stop()
      .catch((error: unknown) => console.error(`Could not stop PostgreSQL: ${String(error)}`));
    if (options.keep) console.log(`\nDatabases kept in ${work}`);
    else await rm(work, { recursive: true, force: true });
  }

  const results = new Results(cells);
  const fsync = postgres?.settings.fsync;
  const groupList = groups(
    `PostgreSQL ${postgres?.version ?? ""} — fsync=${fsync ?? "?"}, synchronous_commit=${postgres?.settings.synchronous_commit ?? "?"}`,
  );
  const fullCounts: Partial<Record<WorkloadId, number>> = { single: eventCount(profile.shape) };
  const replayCell = replay.find((c) => c.workload === "replay");
  const readCell = replay.find((c) => c.workload === "replay-read");
  const outcomes = evaluateTargets(
    results,
    groupList,
    replayCell === undefined || readCell === undefined ? undefined : { replay: replayCell, read: readCell },
  );
  const mismatched = [...fingerprints].filter(([, prints]) => prints.size > 1).map(([w]) => w);

  console.log(`\n## Results: events (or commands) per second · peak RSS of the child process\n`);
  console.log(resultTables(results, groupList, fullCounts));
  const capped = cells.filter((c) => c.workload === "single" && c.events < eventCount(profile.shape));
  if (capped.length > 0)
    console.log(
      `\n(ev): single appends capped at that many events for ${capped.map((c) => c.contender).join(", ")}; the rate is over those.`,
    );
  if (replayCell !== undefined) {
    const part = (w: Cell["workload"]) => replay.find((c) => c.workload === w)?.seconds.toFixed(1) ?? "?";
    console.log(
      `\nReplay of ${replayCell.events.toLocaleString("en-US")} events into the register (ours, SQLite): ${replayCell.seconds.toFixed(1)} s` +
        ` (read only ${part("replay-read")} s; read + decode ${part("replay-decode")} s); written with appends of ${profile.batchSize} in ${part("replay-populate")} s.`,
    );
  }
  if (growth.length > 0)
    console.log(
      `\n## ${RULES_WORKLOAD.label}: µs per command as the store grows · peak RSS\n\n${growthTable(growth)}`,
    );
  const chainText = chainReport(chain);
  if (chainText !== undefined)
    console.log(
      `\n## ${CHAIN_WORKLOAD.label}: events per second, and the chain's cost per event\n\n${chainText}`,
    );
  if (latency.length > 0)
    console.log(
      `\n## ${LATENCY_WORKLOAD.label}: per append, ours ÷ theirs (above 1× ours is slower)\n\n${latencyTables(latency, groupList)}`,
    );
  if (verify.length > 0) {
    const growthText = memoryGrowthText(verify);
    console.log(
      `\n## ${VERIFY_WORKLOAD.label}: events per second · peak RSS of the step's own child\n\n${verifyTable(verify)}` +
        (growthText === undefined ? "" : `\n\n${growthText}`),
    );
  }
  if (memory.length > 0)
    console.log(
      `\n## ${MEMORY_WORKLOAD.label}: peak RSS · time of the operation's own child; growth against the first store ` +
        `(above the baseline in brackets)\n\n${memoryTable(memory)}`,
    );
  if (rebuild.length > 0) {
    const growthText = costGrowthText(rebuild);
    console.log(
      `\n## ${REBUILD_WORKLOAD.label}: time · µs per event · peak RSS of the step's own child\n\n${rebuildTable(rebuild)}` +
        (growthText === undefined ? "" : `\n\n${growthText}`),
    );
  }
  if (imports.length > 0)
    console.log(
      `\n## ${IMPORT_WORKLOAD.label}: time · events per second · peak RSS of the import's own child\n\n${importTable(imports)}`,
    );
  const growthOutcomes = [
    ...growthTargets(growth),
    ...rebuildTargets(rebuild),
    ...importTargets(imports),
    ...memoryTargets(memory),
  ];
  console.log(`\n## Targets\n\n${targetTable(outcomes, growthOutcomes)}`);
  if (mismatched.length > 0)
    console.log(`\nWARNING: contenders got different data in ${mismatched.join(", ")}`);
  if (failures.length > 0)
    console.log(`\nFailures:\n${failures.map((f) => `  ${f.split("\n")[0]}`).join("\n")}`);
  const loadAtEnd = currentLoad();
  console.log(
    `\nDone in ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end ${loadAtEnd.join(" ")}.`,
  );

  const line = {
    benchmark: "iop-event-store",
    profile: profile.name,
    rounds,
    readPasses: profile.readPasses,
    date: new Date().toISOString(),
    versions: { ...versions(), postgresql: postgres?.version ?? null },
    machine: { ...host, loadAtEnd },
    sqlite: { journalMode: "wal", synchronous: ["full", "normal"] },
    postgres: postgres === undefined ? null : { embedded: true, ...postgres.settings },
    shape: {
      ...profile.shape,
      batchSize: profile.batchSize,
      agreements: profile.agreements,
      commandsPerAgreement: profile.commandsPerAgreement,
      pageSize: profile.pageSize,
    },
    dataFingerprints: Object.fromEntries([...fingerprints].map(([w, p]) => [w, [...p]])),
    results: [...cells, ...replay].map((c) => ({
      contender: c.contender,
      workload: c.workload,
      label: c.workload.startsWith("replay") ? c.workload : workloadLabel(c.workload as WorkloadId),
      events: c.events,
      seconds: Math.round(c.seconds * 1000) / 1000,
      perSecond: Math.round(rateOf(c)),
      maxRssMb: Math.round(c.maxRssKb / 1024),
    })),
    ratios: groupList.flatMap((g) =>
      WORKLOADS.map((w) => ({
        group: g.key,
        workload: w.id,
        oursOverEmmett: round2(results.ratio(g.ours, g.emmett, w.id)),
        oursOverRaw: round2(results.ratio(g.ours, g.raw, w.id)),
      })).filter((r) => r.oursOverEmmett !== null || r.oursOverRaw !== null),
    ),
    rules: growth.map((r) => ({
      contender: r.contender,
      points: r.points.map((p) => ({
        at: p.at,
        commands: p.commands,
        seconds: Math.round(p.seconds * 1000) / 1000,
        microsPerCommand: Math.round(microsPerCommand(p)),
      })),
      growth: round2(growthRatio(r.points)),
      maxRssMb: Math.round(r.maxRssKb / 1024),
    })),
    chain: chain.map((run) => ({
      group: run.group,
      results: run.measurements.map((m) => ({
        workload: m.workload,
        events: m.events,
        seconds: Math.round(m.seconds * 1000) / 1000,
        microsPerEvent: round2(microsPerEvent(m)),
      })),
      chainOnRawMicros: run.figures.map((f) => ({ shape: f.shape, micros: round2(chainOnRaw(f)) })),
      maxRssMb: Math.round(run.maxRssKb / 1024),
    })),
    verify: verify.map((size) => ({
      events: size.events,
      streams: size.streams,
      steps: Object.values(size.steps).map((c) => ({
        step: c.workload,
        events: c.events,
        seconds: Math.round(c.seconds * 1000) / 1000,
        perSecond: Math.round(rateOf(c)),
        maxRssMb: Math.round(c.maxRssKb / 1024),
        ...(c.bytes === undefined ? {} : { bytes: c.bytes }),
      })),
    })),
    verifyMemoryGrowth: verify.slice(1).flatMap((to) =>
      (["verify", "export"] as const).map((step) => ({
        from: verify[0]?.events,
        to: { events: to.events, streams: to.streams },
        step,
        ...(verify[0] === undefined ? {} : memoryGrowth(verify[0], to, step)),
      })),
    ),
    rebuild: rebuild.map((size) => ({
      events: size.events,
      streams: size.streams,
      interleaved: size.interleaved,
      durableOverLive: round2(durableOverLive(size)),
      steps: Object.values(size.steps).map((c) => ({
        step: c.workload,
        events: c.events,
        seconds: Math.round(c.seconds * 1000) / 1000,
        microsPerEvent: round2(microsOf(c)),
        maxRssMb: Math.round(c.maxRssKb / 1024),
        ...(c.written === undefined ? {} : { written: c.written }),
      })),
    })),
    import: imports.map((run) => ({
      contender: run.contender,
      events: run.events,
      chunkedOverPerStream: round2(speedUp(run)),
      steps: [run.perStream, run.chunked].flatMap((c) =>
        c === undefined
          ? []
          : [
              {
                step: c.workload,
                seconds: Math.round(c.seconds * 1000) / 1000,
                perSecond: Math.round(rateOf(c)),
                maxRssMb: Math.round(c.maxRssKb / 1024),
              },
            ],
      ),
    })),
    latency: latency.map((run) => ({
      contender: run.contender,
      appends: run.appends,
      micros: Object.fromEntries(PERCENTILES.map(({ key }) => [key, round2(run.figures[key])])),
      maxRssMb: Math.round(run.maxRssKb / 1024),
    })),
    latencyRatios: groupList.flatMap((g) =>
      PERCENTILES.map(({ key }) => ({
        group: g.key,
        percentile: key,
        oursOverRaw: round2(latencyRatio(latency, g.ours, g.raw, key)),
        oursOverEmmett: round2(latencyRatio(latency, g.ours, g.emmett, key)),
      })).filter((r) => r.oursOverRaw !== null || r.oursOverEmmett !== null),
    ),
    memory: memory.map((size) => ({
      events: size.events,
      streams: size.streams,
      operations: Object.entries(size.cells).map(([operation, c]) => ({
        operation,
        seconds: Math.round(c.seconds * 1000) / 1000,
        maxRssMb: Math.round(c.maxRssKb / 1024),
      })),
    })),
    memoryGrowth: memory.slice(1).flatMap((to) =>
      MEMORY_OPERATIONS.map((operation) => {
        const growth = memory[0] === undefined ? undefined : memoryGrowthOf(memory[0], to, operation);
        return {
          from: memory[0]?.events,
          to: to.events,
          operation,
          rss: round2(growth?.rss),
          aboveBaseline: round2(growth?.aboveBaseline),
        };
      }),
    ),
    targets: [...outcomes, ...growthOutcomes].map((o) => ({
      target: o.description,
      measured: round2(o.actual),
      met: o.met ?? null,
    })),
    failures,
  };
  console.log(`\n${JSON.stringify(line)}`);
  if (failures.length > 0 || mismatched.length > 0) process.exitCode = 1;
}

function round2(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) ? null : Math.round(value * 100) / 100;
}

await main();
