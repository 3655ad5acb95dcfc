import {
  isIopError,
  StoreDriverError,
  StoreFullError,
  StoreOpenError,
  StoreReadOnlyError,
  StoreUnavailableError,
} from "../errors/index.js";
import type { EventStoreDriver } from "./driver.js";

/** A thrown value in words, whatever it is (its `toString` may throw too). */
export function describeThrown(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "an error that cannot be printed";
  }
}

/**
 * The port's typed error for a driver failure: the error itself when it is one of ours, else
 * what the driver's `classify` names it, else {@link StoreDriverError} with the original as cause.
 * A driver's projection store passes its own name and the driver's `classify`.
 */
export function driverFailure(driver: Pick<EventStoreDriver, "name" | "classify">, error: unknown): Error {
  if (isIopError(error)) return error;
  let failure: ReturnType<EventStoreDriver["classify"]>;
  try {
    failure = driver.classify(error);
  } catch {
    failure = undefined;
  }
  const name = driver.name;
  const cause = { cause: error };
  if (failure === undefined) return new StoreDriverError(`${name} failed: ${describeThrown(error)}`, cause);
  const detail = failure.detail;
  switch (failure.kind) {
    case "unavailable":
      return new StoreUnavailableError(`${name} is unavailable (${detail}); try again later`, cause);
    case "full":
      return new StoreFullError(
        `${name} is full (${detail}); free disk space, then retry — nothing was written`,
        cause,
      );
    case "read-only":
      return new StoreReadOnlyError(
        `${name} cannot be written (${detail}); open it writable on writable media to record, or read-only to audit`,
        cause,
      );
    case "not-found":
      return new StoreOpenError(
        "not-found",
        `${name} store not found (${detail}); check the path or address`,
        cause,
      );
    case "not-a-store":
      return new StoreOpenError(
        "not-a-store",
        `${name}: not an event store (${detail}); check the path`,
        cause,
      );
    case "access-denied":
      return new StoreOpenError(
        "access-denied",
        `${name}: access denied (${detail}); check permissions`,
        cause,
      );
    case "misconfigured":
      return new StoreOpenError("misconfigured", `${name} refused the configuration (${detail})`, cause);
  }
}
