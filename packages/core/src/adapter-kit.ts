/**
 * `@iop/core/adapter-kit`: what a storage adapter needs. An adapter is a driver
 * ({@link EventStoreDriver}) that only stores and reads rows; {@link openEventStore} (or {@link createEventStore}) wraps it in
 * the core's store, which does everything the port promises. See docs/storage.md.
 */

export { checkPersonId } from "./personal/person-key-store.js";
export {
  type CoreStoreOptions,
  createEventStore,
  type IopStore,
  openEventStore,
  type StoreOver,
} from "./store/core-event-store.js";
export type {
  DriverAllRead,
  DriverAppend,
  DriverAppendOutcome,
  DriverChunkOutcome,
  DriverFailure,
  DriverRow,
  DriverStreamRead,
  EventStoreDriver,
  SealedEvent,
} from "./store/driver.js";
export { describeThrown, driverFailure } from "./store/driver-failure.js";
export { exactJson } from "./store/exact-json.js";
export {
  type ChainLinks,
  EMPTY_HEAD,
  type StreamHead,
  sealBatch,
  storedEventSealer,
} from "./store/seal.js";
export {
  assertProjectionName,
  assertStreamId,
  type PreparedEvent,
  prepareProjectionSave,
} from "./store/store-input.js";
export type {
  PreparedGroupChange,
  ProjectionTablesDriver,
  RowFilter,
  StateQuery,
  TableBuild,
  TableCatalog,
  TableCommit,
} from "./tables/table-driver.js";
export { catalogUnchanged } from "./tables/table-driver.js";
export { assertTableSchemas, columnValue, physicalTableName, prepareRow } from "./tables/table-schema.js";
