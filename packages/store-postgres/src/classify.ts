import { StoreClosedError, StoreUnavailableError } from "@iop/core";

/** Node socket errors that mean the server cannot be reached. */
const NETWORK_CODES = new Set([
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

/** SQLSTATEs that mean the server is there but will not serve now (shutdown, start-up, full). */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/** Messages node-postgres raises without a code when a connection breaks or never opens. */
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Client was closed and is not queryable/i;

const POOL_ENDED = /Cannot use a pool after calling end on the pool/i;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** True when `error` (or any error it aggregates) says the server cannot be reached. */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = codeOf(error);
  if (code !== undefined) {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith("08")) return true;
  }
  if (error instanceof Error && CONNECTION_MESSAGES.test(error.message)) return true;
  // Node reports a failed connect to several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError.
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return false;
}

/**
 * Translates driver errors into the port's typed errors: a server that cannot be reached becomes
 * {@link StoreUnavailableError}, a pool that was ended becomes {@link StoreClosedError}; anything
 * else is returned unchanged.
 */
export function translateError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || error instanceof StoreClosedError) return error;
  if (error instanceof Error && POOL_ENDED.test(error.message)) return new StoreClosedError();
  if (isConnectionError(error)) {
    const detail = error instanceof Error && error.message !== "" ? error.message : (codeOf(error) ?? "");
    return new StoreUnavailableError(`PostgreSQL is unavailable: ${detail}`, { cause: error });
  }
  return error;
}
