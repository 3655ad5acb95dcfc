export * from "./event-store-conformance.js";
export type * from "./harness.js";
export * from "./projection-store-conformance.js";
export { readAllInPages } from "./read-all.js";
export { sampleEvent, sampleEvents, uniqueStreamId } from "./sample-events.js";
