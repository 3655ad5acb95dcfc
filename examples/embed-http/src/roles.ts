import type { CommandType } from "@iop/core";

/** Who may do what: the three roles a bearer token maps to. */
export type Role = "case-officer" | "board-secretary" | "auditor";

/** The caller a bearer token stands for. */
export interface Principal {
  /** Recorded as `metadata.actor` of every event the caller's commands record. */
  readonly actor: string;
  readonly role: Role;
}

/** Bearer tokens and the callers they stand for. */
export type TokenTable = Readonly<Record<string, Principal>>;

/**
 * The commands each role may send. Decisions of the board (and what changes a decided
 * agreement) are the board secretary's; the case officer records what arrives and what was
 * signed; an auditor only reads. No role holds another's commands, so each event tells who
 * stood behind it.
 */
export const commandsByRole: Readonly<Record<Role, ReadonlySet<CommandType>>> = {
  "case-officer": new Set<CommandType>(["Apply", "Withdraw", "Sign", "ReportPeriod"]),
  "board-secretary": new Set<CommandType>([
    "Grant",
    "Reject",
    "Evaluate",
    "Renegotiate",
    "DeclineRenewal",
    "Extend",
    "Amend",
    "Terminate",
    "SucceedPublicParty",
  ]),
  auditor: new Set<CommandType>(),
};

const ROLES = Object.keys(commandsByRole) as Role[];

/**
 * Checks a token table read from JSON (`{ "<token>": { "actor": "...", "role": "..." } }`).
 * @throws {TypeError} naming the first entry that is not `{ actor, role }` with a known role.
 */
export function parseTokenTable(value: unknown): TokenTable {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new TypeError('tokens must be an object { "<token>": { actor, role } }');
  for (const [token, entry] of Object.entries(value)) {
    const p = entry as Partial<Principal> | null;
    if (typeof p?.actor !== "string" || p.actor === "" || !ROLES.includes(p.role as Role))
      throw new TypeError(
        `tokens[${JSON.stringify(token)}] must be { actor: string, role: ${ROLES.join(" | ")} }`,
      );
  }
  return value as TokenTable;
}
