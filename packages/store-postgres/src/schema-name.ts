import { InvalidStoreInputError } from "@iop/core";

/** The schema the adapter uses when none is given. */
export const DEFAULT_SCHEMA = "iop";

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks a schema name and returns it quoted as an SQL identifier.
 *
 * A schema name is the one thing that cannot be a query parameter (identifiers never are), so it
 * is held to lower-case letters, digits and `_` (at most 63, PostgreSQL's identifier limit) and then
 * quoted anyway. Every value in every statement is a bound parameter.
 * @throws {InvalidStoreInputError} for any other name.
 */
export function quoteSchema(schema: string): string {
  if (typeof schema !== "string" || !SCHEMA_NAME.test(schema))
    throw new InvalidStoreInputError(
      "schema",
      "must be 1–63 characters of lower-case letters, digits and _, not starting with a digit",
    );
  return `"${schema}"`;
}
