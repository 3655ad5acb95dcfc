import type { JsonValue } from "../json.js";
import type { Projection } from "../projection.js";
import { auditTrailProjection } from "./audit-trail.js";
import { fundingProjection } from "./funding.js";
import { registerProjection } from "./register.js";
import { reportsDueProjection } from "./reports-due.js";
import { timelineProjection } from "./timeline.js";

/** The five built-in projections, e.g. to keep them all up to date with one loop of `catchUp`. */
export const builtInProjections: readonly Projection<JsonValue>[] = [
  registerProjection,
  timelineProjection,
  fundingProjection,
  reportsDueProjection,
  auditTrailProjection,
] as readonly Projection<JsonValue>[];
