import { parseArgs } from "node:util";
import { type IopStore, isIopError } from "@iop/core";
import { exportCommand } from "./commands/export.js";
import { historyCommand } from "./commands/history.js";
import { importCommand } from "./commands/import.js";
import { checkQuery, QUERIES, type Query, queryCommand } from "./commands/query.js";
import { RULE_PRESETS, recordCommand } from "./commands/record.js";
import { showCommand } from "./commands/show.js";
import { verifyCommand } from "./commands/verify.js";
import { DEFAULT_STORE, openStore, type StoreAccess } from "./open-store.js";
import { type Output, processOutput, UsageError } from "./output.js";

/** What `iop --help` prints. */
export const USAGE = `Usage: iop [--store <location>] <command> [arguments]

Commands:
  record <commands.json>    record commands ([{ agreementId, command, context? }]) in order
  show <agreementId>        print an agreement's state as JSON
  history <agreementId>     print an agreement's events with their envelopes (--json: whole envelopes)
  verify                    replay every agreement: decode, check versions, re-decide every event
  export [--out <file>]     write every event, in global order, as JSON lines
  import <events.jsonl>     append events written by export (from any adapter)
  register                  the agreement register, as JSON
  timeline                  each partnership's chain of agreements, with gaps and successions
  funding                   granted kronor by public party, year (pro rata by days) and priority area
  reports-due --as-of <d>   period reports due or overdue on a day

Options:
  --store <location>   sqlite:<path> (default ${DEFAULT_STORE}), postgres://…, esdb://…
  --rules <preset>     with record: stockholm (default), generic or none
  --as-of <date>       with the read models: the business date asked about (YYYY-MM-DD)
  --known-at <time>    with the read models: only what the store held then (ISO 8601, e.g. 2022-03-24T20:00:00Z)
  --json               with history: one JSON envelope per line
  --out <file>         with export: write to a file instead of standard output
  -h, --help           this text

Exit codes: 0 done, 1 refused or findings, 2 usage error, 3 store error (missing, unavailable,
full, read-only, a corrupt event, a conflict).`;

/** Runs the CLI with `args` (without the node and script paths); resolves to the exit code. */
export async function main(args: readonly string[], io: Output = processOutput): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, argument, ...rest] = positionals;
  if (values.help === true || command === undefined) {
    (command === undefined && values.help !== true ? io.err : io.out)(USAGE);
    return values.help === true ? 0 : 2;
  }
  try {
    const needs = (what: string) => {
      if (argument === undefined) throw new UsageError(`${command} needs ${what}`);
      return argument;
    };
    if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(" ")}`);
    const { access, run } = commandFor(command, needs, values);
    const store = await openStore(values.store ?? DEFAULT_STORE, access);
    try {
      return await run(store, io);
    } finally {
      await store.close();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    // A store that is missing, full, read-only, unreachable or holds a corrupt event: one line, no stack.
    if (isIopError(error)) {
      io.err(`${error.code}: ${error.message.replace(/\s*\n\s*/g, " ")}`);
      return 3;
    }
    throw error;
  }
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      store: { type: "string" },
      rules: { type: "string" },
      "as-of": { type: "string" },
      "known-at": { type: "string" },
      json: { type: "boolean" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** A parsed command: how it uses the store, and what it does with it. */
interface Planned {
  readonly access: StoreAccess;
  readonly run: (store: IopStore, io: Output) => Promise<number>;
}

function commandFor(
  command: string,
  needs: (what: string) => string,
  values: ReturnType<typeof parse>["values"],
): Planned {
  switch (command) {
    case "record": {
      const file = needs("a JSON file of commands");
      const rules = values.rules ?? "stockholm";
      if (!Object.hasOwn(RULE_PRESETS, rules))
        throw new UsageError(`--rules must be one of ${Object.keys(RULE_PRESETS).join(", ")} (got ${rules})`);
      return {
        access: "write",
        run: (store, io) => recordCommand(store, file, rules as keyof typeof RULE_PRESETS, io),
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
    case "verify":
      return { access: "audit", run: (store, io) => verifyCommand(store, io) };
    case "export":
      return { access: "audit", run: (store, io) => exportCommand(store, values.out, io) };
    case "import": {
      const file = needs("a JSON-lines file written by export");
      return { access: "write", run: (store, io) => importCommand(store, file, io) };
    }
    default: {
      if (!(QUERIES as readonly string[]).includes(command))
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
      const clocks = {
        ...(values["as-of"] === undefined ? {} : { asOf: values["as-of"] }),
        ...(values["known-at"] === undefined ? {} : { knownAt: values["known-at"] }),
      };
      checkQuery(command as Query, clocks);
      return { access: "audit", run: (store, io) => queryCommand(store, command as Query, clocks, io) };
    }
  }
}
