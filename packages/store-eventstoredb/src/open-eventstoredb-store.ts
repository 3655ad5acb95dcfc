import { type IopStore, openEventStore } from "@iop/core/adapter-kit";
import type { EventStoreDbClientLike } from "./client.js";
import { clientPackageFor, connectClient, type EventStoreDbClientPackage } from "./client-selection.js";
import { EventStoreDbDriver, type EventStoreDbDriverOptions } from "./eventstoredb-driver.js";
import { assertNamespace } from "./namespace.js";

/** Options of {@link openEventStoreDbStore}. */
export interface EventStoreDbStoreOptions extends EventStoreDbDriverOptions {
  /**
   * Which client package opens a connection string (see `clientPackageFor`): by default
   * `@eventstore/db-client` for `esdb://` and `esdb+discover://`, `@kurrent/kurrentdb-client`
   * for the KurrentDB schemes. `@kurrent/kurrentdb-client` opens `esdb://` strings too.
   * Not used when a client is given.
   */
  readonly clientPackage?: EventStoreDbClientPackage;
  /**
   * Whether `close()` disposes the client. Defaults to `true` for a connection string (the
   * store made the client), `false` for a client you passed in.
   */
  readonly ownsClient?: boolean;
  /**
   * The clock that stamps `recordedAt`, passed to the core's store (which stamps it, since the
   * hash covers it); tests and demos pass their own. Default: this machine's clock.
   */
  readonly clock?: () => Date;
}

/** The EventStoreDB store: the core's store over an {@link EventStoreDbDriver}. */
export type EventStoreDbStore = IopStore & { readonly driver: EventStoreDbDriver };

/**
 * Opens the event store on EventStoreDB / KurrentDB, with its projection store
 * (`store.projections`, see `EventStoreDbProjectionStore`).
 *
 * @param target - A connection string (`kurrentdb://host:2113?tls=false`, `esdb://…`,
 *   `esdb+discover://…`; settings such as `defaultDeadline=5000` go in its query), or a client
 *   of `@eventstore/db-client` (`EventStoreDBClient`) or `@kurrent/kurrentdb-client`
 *   (`KurrentDBClient`) you made yourself. Only the package a connection string needs is loaded.
 *   The client connects lazily, so an unreachable server shows up as `StoreUnavailableError`
 *   from the first append or read, not from this call.
 * @param options - A namespace, the client package for a connection string, whether `close()`
 *   disposes the client, and the clock that stamps `recordedAt`.
 * @throws {InvalidStoreInputError} for a connection string no client reads (field `target`), an
 *   object that is not a client (field `client`) or a namespace that is not allowed (`namespace`).
 */
export async function openEventStoreDbStore(
  target: string | EventStoreDbClientLike,
  options: EventStoreDbStoreOptions = {},
): Promise<EventStoreDbStore> {
  const core = options.clock === undefined ? {} : { clock: options.clock };
  if (typeof target !== "string") return openEventStore(new EventStoreDbDriver(target, options), core);
  // Checked before a client is made, so a refused namespace leaves no client behind.
  assertNamespace(options.namespace ?? "");
  const client = await connectClient(target, clientPackageFor(target, options.clientPackage));
  return openEventStore(
    new EventStoreDbDriver(client, { ...options, ownsClient: options.ownsClient ?? true }),
    core,
  );
}
