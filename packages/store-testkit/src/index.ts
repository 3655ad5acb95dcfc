export {
  type ConformanceOptions,
  describeEventStoreConformance,
  propertyRuns,
} from "./event-store-conformance.js";
export type {
  EventStoreHarness,
  HarnessFactory,
  PersonKeyStoreHarness,
  ProjectionStoreHarness,
  ProjectionTablesHarness,
} from "./harness.js";
export {
  type AppendJudgement,
  type AppendVerdict,
  appendJudgement,
  eventCarrying,
  type HostileAppend,
  hostileAppendArbitrary,
  judgeAppend,
} from "./hostile-append.js";
export { describePersonKeyStoreConformance } from "./person-key-store-conformance.js";
export { describeProjectionStoreConformance } from "./projection-store-conformance.js";
export { describeProjectionTablesConformance } from "./projection-tables-conformance.js";
export { readAllInPages } from "./read-all.js";
export { readEverything } from "./read-everything.js";
export { sampleEvent, sampleEvents, uniqueStreamId } from "./sample-events.js";
