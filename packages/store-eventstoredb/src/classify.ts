import type { DriverFailure } from "@iop/core/adapter-kit";
import type { EsdbCurrentRevision } from "./client.js";
import { streamVersionOfRevision } from "./expected-version.js";

/*
 * The errors of both clients are recognised by their `type` (`"unavailable"`,
 * `"wrong-expected-version"`…), which `@eventstore/db-client` and `@kurrent/kurrentdb-client`
 * spell alike, so that neither package is loaded to test `instanceof`.
 */

/** gRPC status codes. */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_PERMISSION_DENIED = 7;
const GRPC_UNAVAILABLE = 14;
const GRPC_UNAUTHENTICATED = 16;

/** Client error types meaning "no server that can serve this call now". */
const UNAVAILABLE_TYPES = new Set(["unavailable", "deadline-exceeded", "not-leader", "timeout"]);

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

interface ClientErrorFields {
  readonly type?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
}

/** The `type` of a client's command error (`"stream-not-found"`…), if `error` is one. */
export function clientErrorType(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { type } = error as ClientErrorFields;
  return typeof type === "string" ? type : undefined;
}

/** The failures this driver names: a subset of the core's {@link DriverFailure} kinds. */
export interface EventStoreDbFailure extends DriverFailure {
  readonly kind: "unavailable" | "access-denied" | "not-found";
}

function failure(kind: EventStoreDbFailure["kind"], error: Error, label: string): EventStoreDbFailure {
  return { kind, detail: error.message === "" ? label : error.message };
}

/**
 * Names a failure of either client for the core:
 * - `unavailable`: the client's `UnavailableError`, `DeadlineExceededError`, `NotLeaderError`,
 *   `TimeoutError`; a raw gRPC error with code 14 (UNAVAILABLE) or 4 (DEADLINE_EXCEEDED) — the
 *   clients do not convert the errors of their capability probe, which an append meets first;
 *   a socket or DNS error; "Failed to discover" after cluster discovery gave up;
 * - `access-denied`: the client's `AccessDeniedError`, raw gRPC code 7 (PERMISSION_DENIED) or
 *   16 (UNAUTHENTICATED: wrong credentials);
 * - `not-found`: the client's `NotFoundError`.
 *
 * Anything else is left to the core (`StoreDriverError` with the error as cause). Conflicts,
 * unknown streams and appends above the server's size limit never get here: the driver answers
 * them itself.
 */
export function classifyEventStoreDbError(error: unknown): EventStoreDbFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  const type = clientErrorType(error);
  if (type !== undefined && UNAVAILABLE_TYPES.has(type)) return failure("unavailable", error, type);
  if (type === "access-denied") return failure("access-denied", error, type);
  if (type === "not-found") return failure("not-found", error, type);
  const { code } = error as ClientErrorFields;
  if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED)
    return failure("unavailable", error, `gRPC status ${code}`);
  if (code === GRPC_PERMISSION_DENIED || code === GRPC_UNAUTHENTICATED)
    return failure("access-denied", error, `gRPC status ${code}`);
  if (typeof code === "string" && NETWORK_CODES.has(code)) return failure("unavailable", error, code);
  if (error.message.startsWith("Failed to discover after"))
    return failure("unavailable", error, "cluster discovery failed");
  return undefined;
}

/** True for a client's `WrongExpectedVersionError`: the stream was not at the expected revision. */
export function isConflict(error: unknown): boolean {
  return clientErrorType(error) === "wrong-expected-version";
}

/**
 * The stream's actual version (revision + 1, 0 for no stream) that a `WrongExpectedVersionError`
 * reports — `actualVersion` in `@eventstore/db-client`, `actualState` in
 * `@kurrent/kurrentdb-client` — or `undefined` when it reports none.
 */
export function actualVersionOfConflict(error: unknown): number | undefined {
  if (!isConflict(error)) return undefined;
  const { actualVersion, actualState } = error as { actualVersion?: unknown; actualState?: unknown };
  const actual = actualVersion ?? actualState;
  if (actual === "no_stream" || typeof actual === "bigint")
    return streamVersionOfRevision(actual as EsdbCurrentRevision);
  return undefined;
}

/**
 * Why the server refused an append as too large (`MaxAppendSizeExceededError`, and the
 * KurrentDB client's `TransactionMaxSizeExceededError` and `AppendRecordSizeExceededError`), or
 * `undefined` for any other error. Nothing of such a batch was written.
 */
export function appendTooLargeReason(error: unknown): string | undefined {
  const type = clientErrorType(error);
  const { maxAppendSize, maxSize } = (error ?? {}) as { maxAppendSize?: unknown; maxSize?: unknown };
  const limit = maxAppendSize ?? maxSize;
  const bytes = typeof limit === "number" ? ` (${limit} bytes)` : "";
  switch (type) {
    case "maximum-append-size-exceeded":
    case "transaction-max-size-exceeded":
      return (
        `the batch is larger than the server's maximum append size${bytes}; ` +
        "raise it with the server option MaxAppendSize"
      );
    case "append-record-size-exceeded":
      return `an event is larger than the server's maximum record size${bytes}`;
    default:
      return undefined;
  }
}

/** True for a client's `StreamNotFoundError`: a read of a stream that does not exist. */
export function isStreamNotFound(error: unknown): boolean {
  return clientErrorType(error) === "stream-not-found";
}
