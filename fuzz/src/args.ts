import { ADAPTERS, type Adapter } from "./adapters.js";

/** The command line of `pnpm fuzz`. */
export interface Options {
  /** Inputs through `append`, and as many through `handle`, per adapter. */
  readonly runs: number;
  readonly seed: number;
  readonly adapters: readonly Adapter[];
  readonly help: boolean;
}

/** Inputs per entry point and adapter when `--runs` is not given. */
export const DEFAULT_RUNS = 10_000;

export const USAGE = `pnpm fuzz [--runs N] [--seed S] [--adapters ${ADAPTERS.join(",")}]

  --runs N          hostile inputs through append, and as many through handle, per adapter
                    (default ${DEFAULT_RUNS})
  --seed S          the fast-check seed (default: a random one, printed); the same seed and
                    runs give the same inputs, so a failure can be replayed
  --adapters A,B…   which adapters (default: all: ${ADAPTERS.join(", ")})
`;

function wholeNumber(value: string | undefined, option: string, min: number, max: number): number {
  const n = Number(value);
  if (value === undefined || value.trim() === "" || !Number.isSafeInteger(n) || n < min || n > max)
    throw new Error(
      `${option} needs a whole number from ${min} to ${max} (got ${value ?? "nothing"})\n\n${USAGE}`,
    );
  return n;
}

/**
 * Parses the arguments after `pnpm fuzz` (`--name value` or `--name=value`; a `--` that pnpm
 * passes through is ignored). `randomSeed` gives the seed when none is asked for.
 */
export function parseArgs(argv: readonly string[], randomSeed: () => number): Options {
  let runs = DEFAULT_RUNS;
  let seed: number | undefined;
  let adapters: Adapter[] = [...ADAPTERS];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") continue;
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string?];
    const value = () => inline ?? argv[++i];
    switch (name) {
      case "--runs":
        runs = wholeNumber(value(), "--runs", 1, Number.MAX_SAFE_INTEGER);
        break;
      case "--seed":
        // fast-check seeds are 32-bit integers.
        seed = wholeNumber(value(), "--seed", -(2 ** 31), 2 ** 31 - 1);
        break;
      case "--adapters": {
        const wanted = (value() ?? "").split(",").filter((a) => a !== "");
        const unknown = wanted.filter((a) => !(ADAPTERS as readonly string[]).includes(a));
        if (wanted.length === 0 || unknown.length > 0)
          throw new Error(`unknown adapter ${unknown.join(", ") || "(none given)"}\n\n${USAGE}`);
        adapters = ADAPTERS.filter((a) => wanted.includes(a));
        break;
      }
      case "--help":
      case "-h":
        help = true;
        break;
      default:
        throw new Error(`unknown option ${arg}\n\n${USAGE}`);
    }
  }
  return { runs, seed: seed ?? randomSeed(), adapters, help };
}
