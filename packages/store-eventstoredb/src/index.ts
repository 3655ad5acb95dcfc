/**
 * `@iop/store-eventstoredb`: the IOP storage port on EventStoreDB / KurrentDB, through
 * `@kurrent/kurrentdb-client` 1.x or `@eventstore/db-client` 6.x. See the package README for
 * the choice of client and the mapping of versions, positions, metadata and errors.
 */
export { classifyEventStoreDbError, type EventStoreDbFailure } from "./classify.js";
export type {
  EsdbAppendResult,
  EsdbCurrentRevision,
  EsdbExpectedRevision,
  EsdbJsonEventData,
  EsdbPosition,
  EsdbRead,
  EsdbRecordedEvent,
  EsdbResolvedEvent,
  EventStoreDbClientLike,
} from "./client.js";
export { clientPackageFor, type EventStoreDbClientPackage } from "./client-selection.js";
export {
  type DecodedMetadata,
  decodeMetadata,
  type EsdbChainFields,
  type EsdbEventMetadata,
  encodeMetadata,
} from "./envelope.js";
export { EventStoreDbDriver, type EventStoreDbDriverOptions } from "./eventstoredb-driver.js";
export {
  EventStoreDbProjectionStore,
  type EventStoreDbProjectionStoreOptions,
} from "./eventstoredb-projection-store.js";
export { expectedRevisionOf, revisionOfVersion, streamVersionOfRevision } from "./expected-version.js";
export {
  type EventStoreDbStore,
  type EventStoreDbStoreOptions,
  openEventStoreDbStore,
} from "./open-eventstoredb-store.js";
export { globalPositionOf, globalPositionOfCommit, NO_POSITION, readPositionAfter } from "./positions.js";
export { PROJECTION_STREAM_PREFIX, projectionStreamName } from "./projection-snapshots.js";
export { isSystemEvent } from "./system-events.js";
