import {
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  UnavailableError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import {
  ConcurrencyError,
  type ExpectedVersion,
  InvalidStoreInputError,
  IopError,
  StoreUnavailableError,
} from "@iop/core";
import { streamVersionOfRevision } from "./expected-version.js";

/** gRPC status codes that mean "could not reach a server that can serve this call". */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

/** Node.js socket and DNS error codes (e.g. from gossip discovery over HTTP). */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
]);

/** What the adapter was doing when an error came back, to name it in the mapped error. */
export interface ErrorContext {
  /** The stream id as the caller gave it (without any namespace). */
  readonly streamId?: string;
  /** The caller's expected version of an append. */
  readonly expectedVersion?: ExpectedVersion;
}

/**
 * True when `error` means the server could not be reached or could not serve the call now:
 * the client's `UnavailableError`, `DeadlineExceededError` and `NotLeaderError`, a raw gRPC
 * error with code 14 (UNAVAILABLE) or 4 (DEADLINE_EXCEEDED) — the client does not convert the
 * errors of its own capability probe, which is what an append meets first — a socket/DNS error,
 * or the client's "Failed to discover" after cluster discovery gave up.
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof UnavailableError || error instanceof DeadlineExceededError) return true;
  if (error instanceof NotLeaderError) return true;
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) return true;
  if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
  return typeof message === "string" && message.startsWith("Failed to discover after");
}

/**
 * Maps an error of `@eventstore/db-client` to the error every adapter throws:
 * - `WrongExpectedVersionError` → {@link ConcurrencyError} with the caller's expected version
 *   and the stream's actual version (revision + 1, or 0 when it does not exist);
 * - unreachable server (see {@link isUnavailable}) → {@link StoreUnavailableError};
 * - `MaxAppendSizeExceededError` → {@link InvalidStoreInputError} on `events`: the server
 *   refused the whole batch, so nothing was written;
 * - errors of this library ({@link IopError}) and anything else → returned unchanged.
 */
export function toStoreError(error: unknown, context: ErrorContext = {}): unknown {
  if (error instanceof IopError) return error;
  if (error instanceof WrongExpectedVersionError) {
    return new ConcurrencyError(
      context.streamId ?? error.streamName,
      context.expectedVersion ?? "any",
      streamVersionOfRevision(error.actualVersion),
    );
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new InvalidStoreInputError(
      "events",
      `the batch is larger than the EventStoreDB server's maximum append size (${error.maxAppendSize} bytes; ` +
        "raise it with the server option MaxAppendSize)",
    );
  }
  if (isUnavailable(error)) {
    const detail = error instanceof Error ? error.message : String(error);
    return new StoreUnavailableError(`EventStoreDB is unavailable: ${detail}`, { cause: error });
  }
  return error;
}
