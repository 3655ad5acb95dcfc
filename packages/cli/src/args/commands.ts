import { DEFAULT_STORE, DEMO_STORE } from "../open-store.js";

/** An option `iop` parses: its kind, and the placeholder its help shows. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** The value's placeholder in help, for a string option. */
  readonly value?: string;
}

/** Every option any command takes; which command takes which is in {@link COMMANDS}. */
export const OPTIONS = {
  store: { type: "string", value: "<location>" },
  rules: { type: "string", value: "<preset>" },
  "in-force-on": { type: "string", value: "<date>" },
  "decided-by": { type: "string", value: "<date>" },
  "recorded-by": { type: "string", value: "<instant>" },
  "as-of": { type: "string", value: "<date>" },
  "known-at": { type: "string", value: "<instant>" },
  json: { type: "boolean" },
  out: { type: "string", value: "<file>" },
  checkpoint: { type: "string", value: "<file>" },
  key: { type: "string", value: "<file>" },
  origin: { type: "string", value: "<name>" },
  from: { type: "string", value: "<file>" },
  to: { type: "string", value: "<file>" },
  unsealed: { type: "boolean" },
  policy: { type: "string", value: "<policy>" },
  decision: { type: "string", value: "<ref>" },
  "requested-by": { type: "string", value: "<who>" },
  "performed-by": { type: "string", value: "<who>" },
  previous: { type: "string", value: "<file>" },
  html: { type: "string", value: "<file>" },
  follow: { type: "boolean" },
  rebuild: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const satisfies Record<string, OptionSpec>;

/** An option's long name. */
export type OptionName = keyof typeof OPTIONS;

/** One command: its synopsis, one line for `iop --help`, the options it takes and examples. */
export interface CommandSpec {
  /** Arguments after the command's name, as the help shows them. */
  readonly synopsis: string;
  readonly summary: string;
  /** More lines for `iop <command> --help`. */
  readonly details?: string;
  /** The options the command takes, each with what it means for this command. */
  readonly options: Readonly<Partial<Record<OptionName, string>>>;
  readonly examples: readonly string[];
}

const store = `sqlite:<path> (default ${DEFAULT_STORE}), postgres://…, esdb://…`;
const inForceOn = "the day asked about (YYYY-MM-DD): which agreements are in force on it";
const decidedBy =
  "count only what was decided by this date (YYYY-MM-DD): decisions, applications received, signings, reports handed in";
const recordedBy =
  "count only what the store had recorded by then (ISO 8601 with Z or an offset, e.g. 2022-03-24T20:00:00Z)";
const knownAt = "alias of --recorded-by (deprecated)";
const json = "the read model as JSON instead of a table";
/** The clocks of a query that has a day; each left out means the newest knowledge. */
const clocks = {
  store,
  "in-force-on": inForceOn,
  "decided-by": decidedBy,
  "recorded-by": recordedBy,
  "as-of": "alias of --in-force-on and --decided-by on the same day (deprecated)",
  "known-at": knownAt,
  json,
} as const;
/** The clocks of a query that has no day (funding, the audit trail). */
const decisionClocks = {
  store,
  "decided-by": decidedBy,
  "recorded-by": recordedBy,
  "as-of": "alias of --decided-by (deprecated)",
  "known-at": knownAt,
  json,
} as const;
const tables = "A table: amounts as 324 000 kr (plain spaces), dates as YYYY-MM-DD.";

/** The commands, in the order `iop --help` lists them. */
export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  demo: {
    synopsis: "",
    summary: "record the real data set (Husby 2019–2024, Rinkeby-Kista 2022) and print what it answers",
    details:
      "Records through the Stockholm rules at the documents' dates into an empty store (one that holds events is refused), then prints the register as of 2024-06-30, the funding by year and the Husby timeline.",
    options: { store: `as for every command, but default ${DEMO_STORE}` },
    examples: ["iop demo", "iop --store sqlite:demo.db demo"],
  },
  record: {
    synopsis: "<commands.json>",
    summary: "record commands ([{ agreementId, command, context? }]) in order",
    details: "Stops at the first refusal: the commands before it stay recorded. Creates the store if needed.",
    options: { store, rules: "stockholm (default), generic or none" },
    examples: [
      "iop --store sqlite:husby.db record husby.json",
      "iop --store sqlite:husby.db record husby.json --rules none",
    ],
  },
  show: {
    synopsis: "<agreementId>",
    summary: "print an agreement's state as JSON",
    options: { store },
    examples: ["iop --store sqlite:husby.db show husby-konst-2022"],
  },
  history: {
    synopsis: "<agreementId>",
    summary: "print an agreement's events with their envelopes",
    options: { store, json: "one whole JSON envelope per line" },
    examples: [
      "iop --store sqlite:husby.db history husby-konst-2023",
      "iop --store sqlite:husby.db history husby-konst-2023 --json",
    ],
  },
  verify: {
    synopsis: "",
    summary: "check every event's hash and chain, versions, order, decoding and lifecycle",
    options: {
      store,
      rules: "re-run a rule preset as of each decision date: stockholm or generic",
      checkpoint: "a kept signed checkpoint the store must still hold (needs --key)",
      key: "the verifier key (.pub) of --checkpoint",
      json: "the report as JSON",
    },
    examples: [
      "iop --store sqlite:husby.db verify",
      "iop --store sqlite:husby.db verify --rules stockholm --json",
      "iop --store sqlite:husby.db verify --checkpoint husby-2024.checkpoint --key revisionen.pub",
    ],
  },
  export: {
    synopsis: "",
    summary: "write every event, in global order, as JSON lines with hashes and a trailer",
    options: { store, out: "write to this file instead of standard output" },
    examples: ["iop --store sqlite:husby.db export --out husby.jsonl"],
  },
  import: {
    synopsis: "<events.jsonl>",
    summary: "check a file written by export, then append it keeping ids, times and hashes",
    details:
      "The whole file is checked before the store is opened. Run it again to resume one that failed part-way.",
    options: { store, unsealed: "a file written before exports carried hashes (sealed on import)" },
    examples: ["iop --store sqlite:copy.db import husby.jsonl"],
  },
  checkpoint: {
    synopsis: "--key <file>",
    summary: "verify the store and sign a checkpoint of it (keep it outside the store)",
    options: {
      store,
      key: "the signer key (.key), required",
      previous: "the last checkpoint: the store must still hold its tree",
      origin: "the log's name (default: the key's name)",
      out: "write the checkpoint to this file",
    },
    examples: [
      "iop --store sqlite:husby.db checkpoint --key revisionen.key --out husby-2024.checkpoint",
      "iop --store sqlite:husby.db checkpoint --key revisionen.key --previous husby-2024.checkpoint --out husby-2025.checkpoint",
    ],
  },
  prove: {
    synopsis: "<eventId> --checkpoint <file> --key <file> | --from <file> --to <file> --key <file>",
    summary: "an inclusion proof of one event, or a consistency proof of two checkpoints",
    details: "With --from and --to: the older checkpoint's tree is a prefix of the newer one's.",
    options: {
      store,
      checkpoint: "the checkpoint the event is proved in",
      key: "the verifier key (.pub), required",
      from: "the older checkpoint",
      to: "the newer checkpoint",
      out: "write the proof to this file",
    },
    examples: [
      "iop --store sqlite:husby.db prove <eventId> --checkpoint husby-2024.checkpoint --key revisionen.pub --out proof.json",
      "iop --store sqlite:husby.db prove --from husby-2024.checkpoint --to husby-2025.checkpoint --key revisionen.pub",
    ],
  },
  "check-proof": {
    synopsis: "<proof.json> --key <file>",
    summary: "check a proof with the verifier key alone (no store needed)",
    options: { key: "the verifier key (.pub), required" },
    examples: ["iop check-proof proof.json --key revisionen.pub"],
  },
  keygen: {
    synopsis: "<name> --out <prefix>",
    summary: "a checkpoint key pair: <prefix>.key (secret) and <prefix>.pub",
    options: { out: "the key files' prefix, required" },
    examples: ["iop keygen revisionen.stockholm.se --out revisionen"],
  },
  upgrade: {
    synopsis: "",
    summary: "migrate an existing store to this version's schema, saying what it did",
    details: "A store written before the hash chain is sealed into it.",
    options: { store },
    examples: ["iop --store sqlite:husby.db upgrade"],
  },
  project: {
    synopsis: "",
    summary: "build the read models as SQL tables in the store (iop_register…), or bring them up to date",
    details:
      "Writes iop_register, iop_timeline, iop_funding, iop_reports_due and iop_audit_trail beside the events (SQLite and PostgreSQL); each batch commits with its checkpoint, and a new version is built beside the live tables and switched over when done. See docs/tables.md.",
    options: {
      store: "a SQLite or PostgreSQL store that exists",
      follow: "keep the tables up to date as events arrive, until Ctrl-C or SIGTERM (stops between batches)",
      rebuild: "build the tables anew from the first event, beside the live ones",
      json: "one JSON object per table projection instead of a line",
    },
    examples: ["iop --store sqlite:./iop-demo.db project", "iop --store sqlite:./iop-demo.db project --json"],
  },
  person: {
    synopsis: "<personId>",
    summary: "the register extract (GDPR art. 15) of one person",
    details: "Every event holding the person's data, sealed or in clear, and whether they were erased.",
    options: { store, json: "the extract as JSON" },
    examples: [
      "iop --store sqlite:husby.db person sthlm-p-1001",
      "iop --store sqlite:husby.db person sthlm-p-1001 --json",
    ],
  },
  forget: {
    synopsis: "<personId> --policy <policy> --requested-by <who> --performed-by <who>",
    summary: "erase a person's data: destroy their key and record the erasure",
    details: "The erasure event holds no personal data; public-authority needs --decision.",
    options: {
      store,
      policy:
        "required: public-authority (allmänna handlingar, kept under the archive law) or organisation (GDPR alone)",
      decision: "the gallringsbeslut's reference (without it: GDPR article 17)",
      "requested-by": 'who asked (a role: "the person", "registrator"), required',
      "performed-by": "who does it (a user or system id), required",
    },
    examples: [
      'iop --store sqlite:husby.db forget sthlm-p-1001 --policy organisation --requested-by "the person" --performed-by registrator-7',
      "iop --store sqlite:husby.db forget sthlm-p-1003 --policy public-authority --decision SDN-2025-0412 --requested-by registrator --performed-by registrator-7",
    ],
  },
  register: {
    synopsis: "",
    summary: "the agreement register: status, in force, granted kronor, period",
    details: tables,
    options: clocks,
    examples: [
      "iop --store sqlite:husby.db register --in-force-on 2022-02-15",
      "iop --store sqlite:husby.db register --in-force-on 2022-02-15 --decided-by 2022-02-15",
      "iop --store sqlite:husby.db register --in-force-on 2022-02-15 --decided-by 2022-04-01 --json",
    ],
  },
  timeline: {
    synopsis: "[partnershipId]",
    summary: "each partnership's chain of agreements, with gaps and successions",
    details: `${tables} With --html: one self-contained page (inline SVG, no network) of one partnership, needed when the store holds several.`,
    options: {
      ...clocks,
      html: "write the partnership's timeline as an HTML page to <file> (Swedish labels)",
    },
    examples: [
      "iop --store sqlite:husby.db timeline",
      "iop --store sqlite:husby.db timeline --json",
      "iop --store sqlite:husby.db timeline husby-konst-rinkeby-kista --html husby-timeline.html",
    ],
  },
  funding: {
    synopsis: "",
    summary: "granted kronor by public party, year (pro rata by days) and priority area",
    details: tables,
    options: decisionClocks,
    examples: [
      "iop --store sqlite:husby.db funding",
      "iop --store sqlite:husby.db funding --decided-by 2022-03-23",
    ],
  },
  "reports-due": {
    synopsis: "--in-force-on <date>",
    summary: "period reports due or overdue on a day",
    details: tables,
    options: { ...clocks, "in-force-on": "the day asked about (YYYY-MM-DD), required (or --as-of)" },
    examples: [
      "iop --store sqlite:husby.db reports-due --in-force-on 2025-04-01",
      "iop --store sqlite:husby.db reports-due --in-force-on 2025-04-01 --decided-by 2025-04-01",
    ],
  },
  "audit-trail": {
    synopsis: "[agreementId]",
    summary: "every decision (of one agreement, or all): body, date, case, status before and after",
    details: tables,
    options: decisionClocks,
    examples: [
      "iop --store sqlite:husby.db audit-trail husby-konst-2022",
      "iop --store sqlite:husby.db audit-trail husby-konst-2022 --decided-by 2022-12-31",
      "iop --store sqlite:husby.db audit-trail --json",
    ],
  },
};
