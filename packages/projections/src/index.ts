/**
 * `@iop/projections`: read models over IOP event streams.
 *
 * - Define a projection: {@link defineProjection} (a handler per event type),
 *   {@link definePerAgreementProjection} (one row per agreement) or {@link definePerAgreementLog}
 *   (one append-only list of entries per agreement).
 * - Run it live, in memory: {@link runLive}, {@link foldEvents}.
 * - Run it durably, saved in a `ProjectionStore`: {@link catchUp}, {@link loadProjection}.
 * - Keep it as SQL tables with typed columns: {@link defineTableProjection}, {@link catchUpTables},
 *   {@link loadTableState}; the built-ins as tables: {@link builtInTables} (`iop_register`…).
 * - Built-ins: the agreement register, partnership timeline, funding, reports due and decision
 *   audit trail, each queried on three clocks ({@link Clocks}: `inForceOn` a day, `decidedBy` a
 *   decision date, `recordedBy` a record time).
 *
 * @packageDocumentation
 */
export * from "./built-in/agreement-view.js";
export * from "./built-in/all.js";
export * from "./built-in/audit-trail.js";
export * from "./built-in/fact-log-projection.js";
export * from "./built-in/facts.js";
export * from "./built-in/funding.js";
export * from "./built-in/register.js";
export * from "./built-in/reports-due.js";
export * from "./built-in/split-by-days.js";
export * from "./built-in/timeline.js";
export * from "./check-projection.js";
export * from "./clocks.js";
export * from "./durable-runner.js";
export * from "./errors.js";
export * from "./fold.js";
export * from "./json.js";
export * from "./per-agreement-log.js";
export * from "./per-agreement-projection.js";
export * from "./projection.js";
export * from "./run-live.js";
export { builtInTables } from "./tables/built-in/all-tables.js";
export { auditTrailTables } from "./tables/built-in/audit-trail-table.js";
export { fundingTables } from "./tables/built-in/funding-table.js";
export { registerTables } from "./tables/built-in/register-table.js";
export { reportsDueTables } from "./tables/built-in/reports-due-table.js";
export { timelineTables } from "./tables/built-in/timeline-table.js";
export {
  catchUpTables,
  type TableStores,
  type TablesCatchUpOptions,
  type TablesCatchUpResult,
} from "./tables/catch-up-tables.js";
export { type FollowOptions, followTables } from "./tables/follow-tables.js";
export { type LoadTableStateOptions, loadTableState } from "./tables/load-table-state.js";
export {
  type AgreementTable,
  defineTableProjection,
  type TableProjection,
  type TableProjectionDefinition,
} from "./tables/table-projection.js";
