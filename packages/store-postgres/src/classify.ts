import type { DriverFailure } from "@iop/core/adapter-kit";

/** Node socket errors that mean the server cannot be reached. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

/** SQLSTATEs the port has a name for (class 08, connection exceptions, is matched by prefix). */
const SQLSTATE_KINDS: ReadonlyMap<string, DriverFailure["kind"]> = new Map([
  // The server is there but will not serve now: shutting down, crashed, starting, no free connection.
  ["57P01", "unavailable"],
  ["57P02", "unavailable"],
  ["57P03", "unavailable"],
  ["53300", "unavailable"],
  ["53100", "full"],
  // A read-only transaction: `default_transaction_read_only`, or a hot standby.
  ["25006", "read-only"],
  ["3D000", "not-found"],
  ["28P01", "access-denied"],
  ["28000", "access-denied"],
  ["42501", "access-denied"],
  // A name PostgreSQL reserves (`pg_…` schemas), should one get past the schema-name check.
  ["42939", "misconfigured"],
]);

/** Messages node-postgres raises without a code when a connection breaks or never opens. */
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Client was closed and is not queryable/i;

const POOL_ENDED = /Cannot use a pool after calling end on the pool/i;

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function detailOf(error: object, code: string | undefined): string {
  const message = error instanceof Error ? error.message : "";
  if (code === undefined || message.includes(code)) return message;
  return message === "" ? code : `${code} ${message}`;
}

/**
 * Names a failure of PostgreSQL or of the way to it (see `DriverFailure`): unreachable, shutting
 * down, out of connections or timed out connecting → `unavailable`; disk full → `full`; a
 * read-only transaction → `read-only`; no such database → `not-found`; bad credentials or missing
 * privileges → `access-denied`; a reserved name → `misconfigured`. Anything else is `undefined`,
 * which the core reports as `StoreDriverError` with the error as its cause.
 */
export function classifyPostgresError(error: unknown): DriverFailure | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = codeOf(error);
  if (code !== undefined) {
    const kind =
      SQLSTATE_KINDS.get(code) ??
      (NETWORK_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) ? "unavailable" : undefined);
    if (kind !== undefined) return { kind, detail: detailOf(error, code) };
  }
  if (error instanceof Error && CONNECTION_MESSAGES.test(error.message))
    return { kind: "unavailable", detail: error.message };
  // Node reports a failed connect to several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError.
  if (error instanceof AggregateError)
    for (const inner of error.errors) {
      const failure = classifyPostgresError(inner);
      if (failure !== undefined) return failure;
    }
  return undefined;
}

/** True for the error of a pool that was ended (by `close()`, or by the pool's owner). */
export function isPoolEnded(error: unknown): boolean {
  return error instanceof Error && POOL_ENDED.test(error.message);
}
