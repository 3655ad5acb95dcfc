import { InvalidStoreInputError } from "@iop/core";
import { describeThrown } from "@iop/core/adapter-kit";
import type { EventStoreDbClientLike } from "./client.js";

/** The client packages the adapter works with. */
export type EventStoreDbClientPackage = "@kurrent/kurrentdb-client" | "@eventstore/db-client";

const KURRENT_SCHEMES = new Set([
  "kurrentdb",
  "kurrentdb+discover",
  "kurrent",
  "kurrent+discover",
  "kdb",
  "kdb+discover",
]);
const ESDB_SCHEMES = new Set(["esdb", "esdb+discover"]);

/**
 * The client package that opens `connectionString`:
 * - `kurrentdb://`, `kurrentdb+discover://`, `kurrent://`, `kurrent+discover://`, `kdb://`,
 *   `kdb+discover://` → `@kurrent/kurrentdb-client` (the only one that reads them);
 * - `esdb://`, `esdb+discover://` → `@eventstore/db-client`, the client these strings were
 *   written for, unless `requested` is `@kurrent/kurrentdb-client`, the maintained successor,
 *   which reads them too (and warns on the console that `esdb` is deprecated).
 *
 * @throws {InvalidStoreInputError} on field `target` for any other scheme, or a KurrentDB
 *   scheme with `@eventstore/db-client` requested; on `clientPackage` for an unknown package.
 */
export function clientPackageFor(
  connectionString: string,
  requested?: EventStoreDbClientPackage,
): EventStoreDbClientPackage {
  if (
    requested !== undefined &&
    requested !== "@kurrent/kurrentdb-client" &&
    requested !== "@eventstore/db-client"
  )
    throw new InvalidStoreInputError(
      "clientPackage",
      "must be '@kurrent/kurrentdb-client' or '@eventstore/db-client'",
    );
  // Lower case only, as the clients read schemes.
  const scheme = /^([a-z+]+):\/\//.exec(connectionString.trim())?.[1] ?? "";
  if (KURRENT_SCHEMES.has(scheme)) {
    if (requested === "@eventstore/db-client")
      throw new InvalidStoreInputError(
        "target",
        `@eventstore/db-client reads only esdb:// and esdb+discover:// (got ${scheme}://)`,
      );
    return "@kurrent/kurrentdb-client";
  }
  if (ESDB_SCHEMES.has(scheme)) return requested ?? "@eventstore/db-client";
  throw new InvalidStoreInputError(
    "target",
    "must be a client or a connection string starting kurrentdb://, kurrentdb+discover://, kurrent://, esdb:// or esdb+discover://",
  );
}

/**
 * A client of `clientPackage` for `connectionString`, importing only that package. The client
 * connects lazily: nothing is sent to the server yet.
 * @throws {InvalidStoreInputError} on field `target` when the client cannot read the string.
 */
export async function connectClient(
  connectionString: string,
  clientPackage: EventStoreDbClientPackage,
): Promise<EventStoreDbClientLike> {
  // Imported here, so a user of one package never loads the other.
  const clientClass =
    clientPackage === "@kurrent/kurrentdb-client"
      ? (await import("@kurrent/kurrentdb-client")).KurrentDBClient
      : (await import("@eventstore/db-client")).EventStoreDBClient;
  try {
    // Typed as the structural client, so both classes are checked against it here.
    const client: EventStoreDbClientLike = clientClass.connectionString(connectionString);
    return client;
  } catch (error) {
    throw new InvalidStoreInputError("target", `${clientPackage} cannot read it: ${describeThrown(error)}`);
  }
}
