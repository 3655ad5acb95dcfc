import { createHash } from "node:crypto";
import type pg from "pg";

/** SQL text (constant bar the checked schema name) and the name it is prepared under. */
export interface NamedSql {
  readonly name: string;
  readonly text: string;
}

/** A parameterised statement: named SQL and its values. */
export interface Statement extends NamedSql {
  readonly values: readonly unknown[];
}

/**
 * Names `text` for `pg`, which then prepares it once per connection and afterwards only binds
 * and executes it: the server parses and plans it once instead of on every call. The name is
 * a digest of the text, so stores of two schemas on one pool never reuse a name for different
 * SQL, and it stays well within PostgreSQL's 63-byte limit on statement names.
 */
export function named(text: string): NamedSql {
  return { name: `iop_${createHash("sha256").update(text).digest("hex").slice(0, 32)}`, text };
}

/**
 * Type parsers that hand every column back as the text PostgreSQL sent. The adapter converts
 * values itself, so it reads the same whatever global parsers (`pg.types`) an application set.
 */
export const RAW_TEXT_TYPES: pg.CustomTypesConfig = {
  getTypeParser: () => (value: string) => value,
};
