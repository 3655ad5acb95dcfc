import { InvalidStoreInputError } from "@iop/core";

/** The schema the adapter uses when none is given. */
export const DEFAULT_SCHEMA = "iop";

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks a schema name and returns it quoted as an SQL identifier.
 *
 * A schema name is the one thing that cannot be a query parameter (identifiers never are), so it
 * is held to lower-case letters, digits and `_` (at most 63, PostgreSQL's identifier limit) and then
 * quoted anyway. Every value in every statement is a bound parameter. Names PostgreSQL keeps for
 * itself are refused too: `pg_…` (it will not create such a schema, and `pg_catalog` or
 * `pg_temp` would put the tables among the system's) and `information_schema`.
 * @throws {InvalidStoreInputError} on field `schema` for any other name.
 */
export function quoteSchema(schema: string): string {
  if (typeof schema !== "string" || !SCHEMA_NAME.test(schema))
    throw new InvalidStoreInputError(
      "schema",
      "must be 1–63 characters of lower-case letters, digits and _, not starting with a digit",
    );
  if (schema.startsWith("pg_") || schema === "information_schema")
    throw new InvalidStoreInputError(
      "schema",
      `${JSON.stringify(schema)} is reserved by PostgreSQL (pg_… and information_schema); choose another name`,
    );
  return `"${schema}"`;
}
