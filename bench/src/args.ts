import {
  CHAIN_WORKLOAD,
  CONTENDERS,
  IMPORT_WORKLOAD,
  LATENCY_WORKLOAD,
  MEMORY_WORKLOAD,
  REBUILD_WORKLOAD,
  RULES_WORKLOAD,
  type SelectableWorkload,
  VERIFY_WORKLOAD,
  WORKLOADS,
} from "./plan.js";

/** The command line of `pnpm bench`. */
export interface Options {
  readonly profile: "quick" | "full";
  /** Contender ids to run (default: all). */
  readonly contenders: readonly string[];
  /** Workloads to run (default: all). */
  readonly workloads: readonly SelectableWorkload[];
  /** Whether to run the million-event replay (full profile only, unless `--replay`). */
  readonly replay: boolean;
  /** Rounds per (contender, workload), the best reported; `undefined`: the profile's default. */
  readonly rounds: number | undefined;
  /** PostgreSQL with fsync on (default: off). */
  readonly pgDurable: boolean;
  /** Write `--cpu-prof` profiles of every child into this directory. */
  readonly cpuProfDir: string | undefined;
  /** Keep the databases (their directory is printed). */
  readonly keep: boolean;
  readonly help: boolean;
}

/** Every workload, in the order they run. */
const SELECTABLE: readonly SelectableWorkload[] = [
  ...WORKLOADS.map((w) => w.id),
  RULES_WORKLOAD.id,
  CHAIN_WORKLOAD.id,
  VERIFY_WORKLOAD.id,
  REBUILD_WORKLOAD.id,
  IMPORT_WORKLOAD.id,
  LATENCY_WORKLOAD.id,
  MEMORY_WORKLOAD.id,
];

export const USAGE = `pnpm bench [--quick] [options]

  --quick               small data set, under a minute, without latency and memory
                        (default: the full profile)
  --only=W,W…           workloads: ${SELECTABLE.join(", ")}
  --contenders=C,C…     contenders: ${CONTENDERS.map((c) => c.id).join(", ")}
                        (a prefix selects several: --contenders=ours,raw-sqlite)
  --replay / --no-replay  the million-event SQLite replay (default: on in the full profile)
  --rounds=N            run each measurement N times, report the best
                        (default: 2 in the full profile, 1 in the quick one)
  --pg-durable          PostgreSQL with fsync on (default: fsync=off)
  --cpu-prof=DIR        write a CPU profile of every child process into DIR
  --keep                keep the databases
`;

/**
 * Left out of the quick profile unless named with `--only`: tail percentiles of a thousand
 * appends and peak memory of small stores say nothing, and each costs a child per step.
 */
const FULL_ONLY: readonly SelectableWorkload[] = ["latency", "memory"];

/** Parses the arguments after `pnpm bench` (a `--` that pnpm passes through is ignored). */
export function parseArgs(argv: readonly string[]): Options {
  let profile: Options["profile"] = "full";
  let contenders: string[] = CONTENDERS.map((c) => c.id);
  let workloads: SelectableWorkload[] | undefined;
  let replay: boolean | undefined;
  let rounds: number | undefined;
  let pgDurable = false;
  let cpuProfDir: string | undefined;
  let keep = false;
  let help = false;
  const list = (value: string) => value.split(",").filter((v) => v !== "");
  for (const arg of argv) {
    const [name, value = ""] = arg.split(/=(.*)/s, 2) as [string, string?];
    switch (name) {
      case "--":
        break;
      case "--quick":
        profile = "quick";
        break;
      case "--full":
        profile = "full";
        break;
      case "--only": {
        const known = new Set<string>(SELECTABLE);
        const wanted = list(value);
        const unknown = wanted.filter((w) => !known.has(w));
        if (unknown.length > 0) throw new Error(`unknown workload ${unknown.join(", ")}\n\n${USAGE}`);
        workloads = wanted as SelectableWorkload[];
        break;
      }
      case "--contenders": {
        const wanted = list(value);
        const chosen = CONTENDERS.map((c) => c.id).filter((id) => wanted.some((w) => id.startsWith(w)));
        if (chosen.length === 0) throw new Error(`no contender matches ${value}\n\n${USAGE}`);
        contenders = chosen;
        break;
      }
      case "--replay":
        replay = true;
        break;
      case "--no-replay":
        replay = false;
        break;
      case "--rounds": {
        const n = Number(value);
        if (!Number.isSafeInteger(n) || n < 1) throw new Error("--rounds needs a positive integer");
        rounds = n;
        break;
      }
      case "--pg-durable":
        pgDurable = true;
        break;
      case "--cpu-prof":
        if (value === "") throw new Error("--cpu-prof needs a directory: --cpu-prof=DIR");
        cpuProfDir = value;
        break;
      case "--keep":
        keep = true;
        break;
      case "--help":
      case "-h":
        help = true;
        break;
      default:
        throw new Error(`unknown option ${arg}\n\n${USAGE}`);
    }
  }
  return {
    profile,
    contenders,
    workloads:
      workloads ?? (profile === "quick" ? SELECTABLE.filter((w) => !FULL_ONLY.includes(w)) : [...SELECTABLE]),
    replay: replay ?? profile === "full",
    rounds,
    pgDurable,
    cpuProfDir,
    keep,
    help,
  };
}
