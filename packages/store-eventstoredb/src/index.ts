/**
 * `@iop/store-eventstoredb`: the IOP storage port on EventStoreDB / KurrentDB, through
 * `@eventstore/db-client` 6.x. See the package README for the mapping of versions,
 * positions, metadata and errors.
 */
export { decodeMetadata, type EsdbEventMetadata, encodeMetadata } from "./envelope.js";
export { type ErrorContext, isUnavailable, toStoreError } from "./errors.js";
export {
  connectEventStoreDb,
  EventStoreDbEventStore,
  type EventStoreDbOptions,
} from "./eventstoredb-event-store.js";
export { revisionOfVersion, streamVersionOfRevision, toExpectedRevision } from "./expected-version.js";
export { globalPositionOf, globalPositionOfCommit, NO_POSITION, readPositionAfter } from "./positions.js";
export { isSystemEvent } from "./system-events.js";
