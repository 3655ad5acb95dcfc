import type { JsonValue } from "../../json.js";
import type { TableProjection } from "../table-projection.js";
import { auditTrailTables } from "./audit-trail-table.js";
import { fundingTables } from "./funding-table.js";
import { registerTables } from "./register-table.js";
import { reportsDueTables } from "./reports-due-table.js";
import { timelineTables } from "./timeline-table.js";

/** The five built-ins as tables, e.g. for one loop of `catchUpTables` (what `iop project` runs). */
export const builtInTables: readonly TableProjection<JsonValue>[] = [
  registerTables,
  timelineTables,
  fundingTables,
  reportsDueTables,
  auditTrailTables,
] as unknown as readonly TableProjection<JsonValue>[];
