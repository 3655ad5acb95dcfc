import { parseArgs } from "node:util";
import { hasErrorCode, isIopError, type PersonalDataStore } from "@iop/core";
import { clocksOf } from "./args/clocks.js";
import { COMMANDS, OPTIONS } from "./args/commands.js";
import { didYouMean } from "./args/suggest.js";
import { checkpointCommand } from "./commands/checkpoint.js";
import { demoCommand } from "./commands/demo.js";
import { exportCommand } from "./commands/export.js";
import { forgetCommand, planForget } from "./commands/forget.js";
import { historyCommand } from "./commands/history.js";
import { importCommand } from "./commands/import.js";
import { keygenCommand } from "./commands/keygen.js";
import { personCommand } from "./commands/person.js";
import { projectCommand } from "./commands/project.js";
import { checkProofCommand, proveCommand } from "./commands/prove.js";
import { checkQuery, QUERIES, type Query, queryCommand } from "./commands/query.js";
import { RULE_PRESETS, readSteps, recordCommand, type Step } from "./commands/record.js";
import { showCommand } from "./commands/show.js";
import { verifyCommand } from "./commands/verify.js";
import { commandHelp, USAGE } from "./help/usage.js";
import { DEFAULT_STORE, DEMO_STORE, openStore, type StoreAccess, upgradeNote } from "./open-store.js";
import { type Output, processOutput, UsageError } from "./output.js";
import { NoKeyStoreError, personalDataView } from "./personal-data-view.js";
import { ruleCheck } from "./rule-check.js";
import { cliVersion } from "./version.js";

export { USAGE };

/** Runs the CLI with `args` (without the node and script paths); resolves to the exit code. */
export async function main(args: readonly string[], io: Output = processOutput): Promise<number> {
  let command: string | undefined;
  const usageFailure = (message: string) => {
    io.err(message);
    io.err(
      command !== undefined && Object.hasOwn(COMMANDS, command)
        ? `run iop ${command} --help`
        : "run iop --help",
    );
    return 2;
  };
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    command = looseCommand(args);
    return usageFailure(parseFailure(error as Error));
  }
  const { values, positionals } = parsed;
  const [, argument, ...rest] = positionals;
  command = positionals[0];
  if (values.version === true) {
    io.out(cliVersion());
    return 0;
  }
  if (command === undefined) {
    (values.help === true ? io.out : io.err)(USAGE);
    return values.help === true ? 0 : 2;
  }
  // Own keys only: "constructor" is no command.
  const spec = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (spec === undefined)
    return usageFailure(
      `unknown command ${JSON.stringify(command)}${didYouMean(command, Object.keys(COMMANDS))}`,
    );
  if (values.help === true) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    const refused = Object.keys(values).find((name) => name !== "help" && !Object.hasOwn(spec.options, name));
    if (refused !== undefined) throw new UsageError(`--${refused} does not apply to ${command}`);
    const takesArgument = /^[<[]/.test(spec.synopsis);
    const extra = takesArgument ? rest : positionals.slice(1);
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(" ")}`);
    const needs = (what: string) => {
      if (argument === undefined) throw new UsageError(`${command} needs ${what}`);
      return argument;
    };
    const { access, prepare, run } = commandFor(command, needs, values, argument);
    await prepare?.();
    if (access === "none") return await run(undefined as never, io);
    const store = personalDataView(await openStore(values.store ?? DEFAULT_STORE, access));
    const upgraded = upgradeNote(store.sealed);
    if (upgraded !== undefined && access !== "upgrade") io.err(upgraded);
    try {
      return await run(store, io);
    } finally {
      await store.close();
    }
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error.message);
    // A file, checkpoint or proof that does not hold is a refusal, not a store failure.
    if (
      hasErrorCode(error, "INTEGRITY_CHECK_FAILED") ||
      hasErrorCode(error, "ERASURE_REFUSED") ||
      error instanceof NoKeyStoreError
    ) {
      io.err(`✗ ${error.message}`);
      return 1;
    }
    // A store that is missing, full, read-only, unreachable or holds a corrupt event: one line, no stack.
    if (isIopError(error)) {
      const { found, supported } = error as { found?: number; supported?: number };
      if (error.code === "UNSUPPORTED_SCHEMA_VERSION" && (found ?? 0) < (supported ?? 0)) {
        io.err(
          `${error.code}: the store was written by an older version (schema ${found}): run iop upgrade on it first`,
        );
        return 3;
      }
      io.err(`${error.code}: ${error.message.replace(/\s*\n\s*/g, " ")}`);
      return 3;
    }
    throw error;
  }
}

function parse(args: readonly string[]) {
  return parseArgs({ args: [...args], allowPositionals: true, options: OPTIONS });
}

/** The command named in arguments that do not parse, for the hint; the first word not an option. */
function looseCommand(args: readonly string[]): string | undefined {
  try {
    return parseArgs({ args: [...args], allowPositionals: true, strict: false, options: OPTIONS })
      .positionals[0];
  } catch {
    return undefined;
  }
}

/** `node:util`'s parse error as one line, with a suggestion for an option misspelt. */
function parseFailure(error: Error): string {
  const unknown = /^Unknown option '([^']+)'/.exec(error.message)?.[1];
  if (unknown === undefined) return error.message;
  const names = Object.keys(OPTIONS).map((name) => `--${name}`);
  return `unknown option ${JSON.stringify(unknown)}${didYouMean(unknown, names)}`;
}

/** A parsed command: how it uses the store, and what it does with it. */
interface Planned {
  /** `none`: the command needs no store (keys, proofs). */
  readonly access: StoreAccess | "none";
  /** Checks the command's input before the store is opened, so a bad file creates no store. */
  readonly prepare?: () => Promise<void>;
  /** Verify, checkpoint, prove and export take `store.sealed`: the bytes the hashes cover. */
  readonly run: (store: PersonalDataStore, io: Output) => Promise<number>;
}

function required(value: string | undefined, what: string): string {
  if (value === undefined) throw new UsageError(`this command needs ${what}`);
  return value;
}

function commandFor(
  command: string,
  needs: (what: string) => string,
  values: ReturnType<typeof parse>["values"],
  /** The optional argument, for a command whose synopsis shows it as `[…]`. */
  argument: string | undefined,
): Planned {
  switch (command) {
    case "demo": {
      const location = values.store ?? DEMO_STORE;
      // It opens the store itself, with the clock that dates each command.
      return { access: "none", run: (_store, io) => demoCommand(location, io) };
    }
    case "record": {
      const file = needs("a JSON file of commands");
      const rules = values.rules ?? "stockholm";
      if (!Object.hasOwn(RULE_PRESETS, rules))
        throw new UsageError(`--rules must be one of ${Object.keys(RULE_PRESETS).join(", ")} (got ${rules})`);
      let steps: readonly Step[] = [];
      return {
        access: "write",
        prepare: async () => {
          steps = await readSteps(file);
        },
        run: (store, io) => recordCommand(store, file, steps, rules as keyof typeof RULE_PRESETS, io),
      };
    }
    case "show": {
      const id = needs("an agreement id");
      return { access: "read", run: (store, io) => showCommand(store, id, io) };
    }
    case "history": {
      const id = needs("an agreement id");
      return { access: "read", run: (store, io) => historyCommand(store, id, values.json === true, io) };
    }
    case "verify": {
      const checkpoint =
        values.checkpoint === undefined
          ? undefined
          : {
              file: values.checkpoint,
              keyFile: required(values.key, "--key (the verifier key) with --checkpoint"),
            };
      const checkEvent = values.rules === undefined ? undefined : ruleCheck(values.rules);
      return {
        access: "audit",
        run: (store, io) =>
          verifyCommand(
            store.sealed,
            {
              json: values.json === true,
              ...(checkpoint === undefined ? {} : { checkpoint }),
              ...(checkEvent === undefined ? {} : { checkEvent }),
            },
            io,
          ),
      };
    }
    case "checkpoint": {
      const keyFile = required(values.key, "--key (the signer key)");
      return {
        access: "audit",
        run: (store, io) =>
          checkpointCommand(
            store.sealed,
            {
              keyFile,
              ...(values.previous === undefined ? {} : { previous: values.previous }),
              ...(values.origin === undefined ? {} : { origin: values.origin }),
              ...(values.out === undefined ? {} : { out: values.out }),
            },
            io,
          ),
      };
    }
    case "prove": {
      const keyFile = required(values.key, "--key (the verifier key)");
      const out = values.out === undefined ? {} : { out: values.out };
      if (values.from !== undefined || values.to !== undefined) {
        const from = required(values.from, "--from (the older checkpoint)");
        const to = required(values.to, "--to (the newer checkpoint)");
        return {
          access: "audit",
          run: (store, io) =>
            proveCommand(store.sealed, { kind: "consistency", from, to, keyFile, ...out }, io),
        };
      }
      const eventId = needs("an event id (or --from and --to)");
      const checkpoint = required(values.checkpoint, "--checkpoint");
      return {
        access: "audit",
        run: (store, io) =>
          proveCommand(store.sealed, { kind: "inclusion", eventId, checkpoint, keyFile, ...out }, io),
      };
    }
    case "check-proof": {
      const file = needs("a proof file written by prove");
      const keyFile = required(values.key, "--key (the verifier key)");
      return { access: "none", run: (_store, io) => checkProofCommand(file, keyFile, io) };
    }
    case "keygen": {
      const name = needs("a key name, such as revisionen.stockholm.se");
      const prefix = required(values.out, "--out <prefix> for the key files");
      return { access: "none", run: (_store, io) => keygenCommand(name, prefix, io) };
    }
    case "upgrade":
      return {
        access: "upgrade",
        run: async (store, io) => {
          io.out(upgradeNote(store.sealed) ?? "the store is current: nothing to upgrade");
          return 0;
        },
      };
    case "export":
      return { access: "audit", run: (store, io) => exportCommand(store.sealed, values.out, io) };
    case "project":
      return {
        access: "change",
        run: (store, io) => {
          const follow = values.follow === true;
          // Ctrl-C and SIGTERM stop a follower between batches; without --follow they keep their default.
          const stop = new AbortController();
          const onSignal = () => stop.abort();
          if (follow) for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, onSignal);
          return projectCommand(
            store,
            { follow, rebuild: values.rebuild === true, json: values.json === true, signal: stop.signal },
            io,
          ).finally(() => {
            for (const signal of ["SIGINT", "SIGTERM"] as const) process.off(signal, onSignal);
          });
        },
      };
    case "person": {
      const personId = needs("a person id");
      return {
        access: "audit",
        run: (store, io) => personCommand(store, personId, values.json === true, io),
      };
    }
    case "forget": {
      const request = planForget({
        personId: needs("a person id"),
        policy: values.policy,
        decision: values.decision,
        requestedBy: values["requested-by"],
        performedBy: values["performed-by"],
      });
      return { access: "change", run: (store, io) => forgetCommand(store, request, io) };
    }
    case "import": {
      const file = needs("a JSON-lines file written by export");
      const location = values.store ?? DEFAULT_STORE;
      // It opens the store itself, once the file passed its check.
      return {
        access: "none",
        run: (_store, io) => importCommand(location, file, values.unsealed === true, io),
      };
    }
    default: {
      if (!(QUERIES as readonly string[]).includes(command))
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
      const clocks = clocksOf(values);
      checkQuery(command as Query, clocks);
      const options = {
        clocks,
        json: values.json === true,
        ...(argument === undefined
          ? {}
          : command === "timeline"
            ? { partnershipId: argument }
            : { agreementId: argument }),
        ...(values.html === undefined ? {} : { html: values.html }),
      };
      return { access: "audit", run: (store, io) => queryCommand(store, command as Query, options, io) };
    }
  }
}
