import type { ProjectionTables } from "@iop/core";
import { ProjectionVersionError, TablesNotBuiltError } from "../errors.js";
import type { JsonValue } from "../json.js";
import { type PerAgreementState, setOwn } from "../per-agreement-projection.js";
import type { TableProjection } from "./table-projection.js";

/** Options of {@link loadTableState}. */
export interface LoadTableStateOptions {
  /** Load only these agreements (e.g. those a SQL filter on a table found); default: all. */
  readonly agreementIds?: readonly string[];
  /** Agreements read per query when loading all (default 1000). */
  readonly pageSize?: number;
}

/**
 * The live tables' fold state — per agreement, its row of the fold — as the live projection
 * would hold it: hand it to the built-ins' queries (`readRegister`, `readFunding`…) to answer on
 * any clocks from the durable tables without a replay.
 * @throws {TablesNotBuiltError} when the projection's current version is not live yet.
 * @throws {ProjectionVersionError} when a newer version is live (newer code runs elsewhere).
 */
export async function loadTableState<R extends JsonValue>(
  tables: ProjectionTables,
  definition: TableProjection<R>,
  options: LoadTableStateOptions = {},
): Promise<{ readonly state: PerAgreementState<R>; readonly checkpoint: number }> {
  const { live } = await tables.catalog(definition.name);
  if (live !== null && live.version > definition.version)
    throw new ProjectionVersionError(definition.name, definition.version, live.version);
  if (live?.version !== definition.version)
    throw new TablesNotBuiltError(definition.name, definition.version, live?.version ?? null);
  const state: Record<string, R> = {};
  const add = (rows: ReadonlyMap<string, unknown>) => {
    for (const [agreementId, row] of rows) setOwn(state, agreementId, row as R);
  };
  if (options.agreementIds !== undefined) {
    add(await tables.states(definition.name, live.generation, options.agreementIds));
    return { state, checkpoint: live.checkpoint };
  }
  const limit = options.pageSize ?? 1000;
  let afterGroup: string | undefined;
  for (;;) {
    const page = await tables.liveStates(
      definition.name,
      afterGroup === undefined ? { limit } : { afterGroup, limit },
    );
    if (page === undefined || page.size === 0) break;
    add(page);
    afterGroup = [...page.keys()].at(-1);
    if (page.size < limit) break;
  }
  return { state, checkpoint: live.checkpoint };
}
