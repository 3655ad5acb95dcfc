import { parseArgs } from "node:util";
import { hasErrorCode, isIopError, type PersonalDataStore } from "@iop/core";
import { checkpointCommand } from "./commands/checkpoint.js";
import { exportCommand } from "./commands/export.js";
import { forgetCommand, planForget } from "./commands/forget.js";
import { historyCommand } from "./commands/history.js";
import { importCommand } from "./commands/import.js";
import { keygenCommand } from "./commands/keygen.js";
import { personCommand } from "./commands/person.js";
import { checkProofCommand, proveCommand } from "./commands/prove.js";
import { checkQuery, QUERIES, type Query, queryCommand } from "./commands/query.js";
import { RULE_PRESETS, recordCommand } from "./commands/record.js";
import { showCommand } from "./commands/show.js";
import { verifyCommand } from "./commands/verify.js";
import { DEFAULT_STORE, openStore, type StoreAccess, upgradeNote } from "./open-store.js";
import { type Output, processOutput, UsageError } from "./output.js";
import { NoKeyStoreError, personalDataView } from "./personal-data-view.js";
import { ruleCheck } from "./rule-check.js";

/** What `iop --help` prints. */
export const USAGE = `Usage: iop [--store <location>] <command> [arguments]

Commands:
  record <commands.json>    record commands ([{ agreementId, command, context? }]) in order
  show <agreementId>        print an agreement's state as JSON
  history <agreementId>     print an agreement's events with their envelopes (--json: whole envelopes)
  verify                    check every event's hash and chain, versions and order, decoding and
                            lifecycle (--rules: the rules too; --checkpoint/--key: a kept checkpoint)
  export [--out <file>]     write every event, in global order, as JSON lines with hashes and a trailer
  import <events.jsonl>     check a file written by export, then append it keeping ids, times and
                            hashes (run it again to resume one that failed part-way)
  checkpoint --key <file> [--previous <file>]
                            verify the store (against the last checkpoint, with --previous) and
                            sign a checkpoint of it (keep it outside the store)
  prove <eventId> --checkpoint <file> --key <file>
                            an inclusion proof of one event in a checkpoint's tree
  prove --from <file> --to <file> --key <file>
                            a consistency proof: the older checkpoint's tree is a prefix of the newer
  check-proof <proof.json> --key <file>
                            check a proof with the verifier key alone (no store needed)
  upgrade                   migrate an existing store to this version's schema, saying what it did
                            (a store written before the hash chain is sealed into it)
  person <personId>         the register extract (GDPR art. 15): every event holding the person's
                            data, sealed or in clear, and whether they were erased (--json)
  forget <personId> --policy <policy> --requested-by <who> --performed-by <who> [--decision <ref>]
                            erase a person's data: destroy their key and record the erasure (which
                            holds no personal data); public-authority needs --decision
  keygen <name> --out <prefix>
                            a checkpoint key pair: <prefix>.key (secret) and <prefix>.pub
  register                  the agreement register, as JSON
  timeline                  each partnership's chain of agreements, with gaps and successions
  funding                   granted kronor by public party, year (pro rata by days) and priority area
  reports-due --as-of <d>   period reports due or overdue on a day

Options:
  --store <location>   sqlite:<path> (default ${DEFAULT_STORE}), postgres://…, esdb://…
  --rules <preset>     with record: stockholm (default), generic or none; with verify: stockholm or generic
  --checkpoint <file>  with verify and prove: a signed checkpoint
  --key <file>         the signer key (checkpoint) or verifier key (verify, prove, check-proof)
  --origin <name>      with checkpoint: the log's name (default: the key's name)
  --from, --to <file>  with prove: the older and newer checkpoint
  --policy <policy>    with forget, required: public-authority (allmänna handlingar, kept under the
                       archive law) or organisation (its own copy, under GDPR alone)
  --decision <ref>     with forget: the gallringsbeslut's reference (without it: GDPR article 17)
  --requested-by <who> with forget: who asked (a role: "the person", "registrator")
  --performed-by <who> with forget: who does it (a user or system id)
  --unsealed           with import: a file written before exports carried hashes (sealed on import)
  --as-of <date>       with the read models: the business date asked about (YYYY-MM-DD)
  --known-at <time>    with the read models: only what the store held then (ISO 8601, e.g. 2022-03-24T20:00:00Z)
  --json               with history: one JSON envelope per line; with verify: the report as JSON;
                       with person: the extract as JSON
  --out <file>         with export, checkpoint, prove: write to a file; with keygen: the files' prefix
  -h, --help           this text

Names are kept sealed under per-person keys (SQLite, PostgreSQL) and read as [erased] once
forgotten; verify, checkpoint, prove and export work on the sealed bytes. An adapter without a key
store (EventStoreDB) refuses to record names.

Exit codes: 0 done, 1 refused or findings (an edited or cut export, a checkpoint or proof that
does not hold, an erasure refused, a name for a store without a key store), 2 usage error,
3 store error (missing, unavailable, full, read-only, a corrupt event, a conflict).`;

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
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
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
      checkpoint: { type: "string" },
      key: { type: "string" },
      origin: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      unsealed: { type: "boolean" },
      policy: { type: "string" },
      decision: { type: "string" },
      "requested-by": { type: "string" },
      "performed-by": { type: "string" },
      previous: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** A parsed command: how it uses the store, and what it does with it. */
interface Planned {
  /** `none`: the command needs no store (keys, proofs). */
  readonly access: StoreAccess | "none";
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
      const clocks = {
        ...(values["as-of"] === undefined ? {} : { asOf: values["as-of"] }),
        ...(values["known-at"] === undefined ? {} : { knownAt: values["known-at"] }),
      };
      checkQuery(command as Query, clocks);
      return { access: "audit", run: (store, io) => queryCommand(store, command as Query, clocks, io) };
    }
  }
}
