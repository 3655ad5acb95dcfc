import { ProjectionConflictError, type ProjectionTables } from "@iop/core";
import { ProjectionVersionError, TablesNotBuiltError } from "../errors.js";
import type { JsonValue } from "../json.js";
import { type PerAgreementState, setOwn } from "../per-agreement-projection.js";
import { positiveInteger } from "../positive-integer.js";
import type { TableProjection } from "./table-projection.js";

/** Options of {@link loadTableState}. */
export interface LoadTableStateOptions {
  /** Load only these agreements (e.g. those a SQL filter on a table found); default: all. */
  readonly agreementIds?: readonly string[];
  /** Agreements read per query when loading all (default 1000). */
  readonly pageSize?: number;
}

/** Reads of the live states before giving up on a runner that keeps committing under them. */
const ATTEMPTS = 3;

/**
 * The live tables' fold state — per agreement, its row of the fold — as the live projection
 * would hold it: hand it to the built-ins' queries (`readRegister`, `readFunding`…) to answer on
 * any clocks from the durable tables without a replay.
 *
 * The state is one checkpoint's: when a runner commits or switches builds while the pages are
 * read, they are read again.
 * @throws {TablesNotBuiltError} when the projection's current version is not live yet.
 * @throws {ProjectionVersionError} when a newer version is live (newer code runs elsewhere).
 * @throws {ProjectionConflictError} when a runner committed during each of three reads in a row.
 */
export async function loadTableState<R extends JsonValue>(
  tables: ProjectionTables,
  definition: TableProjection<R>,
  options: LoadTableStateOptions = {},
): Promise<{ readonly state: PerAgreementState<R>; readonly checkpoint: number }> {
  const limit = positiveInteger("pageSize", options.pageSize ?? 1000);
  let checkpoint = 0;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const live = await liveBuild(tables, definition);
    checkpoint = live.checkpoint;
    const state = await readStates<R>(tables, definition.name, live.generation, limit, options.agreementIds);
    const after = (await tables.catalog(definition.name)).live;
    if (after?.generation === live.generation && after.checkpoint === live.checkpoint)
      return { state, checkpoint };
  }
  throw new ProjectionConflictError(definition.name, checkpoint);
}

async function liveBuild(tables: ProjectionTables, definition: TableProjection<JsonValue>) {
  const { live } = await tables.catalog(definition.name);
  if (live !== null && live.version > definition.version)
    throw new ProjectionVersionError(definition.name, definition.version, live.version);
  if (live?.version !== definition.version)
    throw new TablesNotBuiltError(definition.name, definition.version, live?.version ?? null);
  return live;
}

/** The states of build `generation`: of `agreementIds`, or all of them page by page. */
async function readStates<R extends JsonValue>(
  tables: ProjectionTables,
  projection: string,
  generation: number,
  limit: number,
  agreementIds: readonly string[] | undefined,
): Promise<PerAgreementState<R>> {
  const state: Record<string, R> = {};
  const add = (rows: ReadonlyMap<string, unknown>) => {
    for (const [agreementId, row] of rows) setOwn(state, agreementId, row as R);
  };
  if (agreementIds !== undefined) {
    add(await tables.states(projection, generation, agreementIds));
    return state;
  }
  let afterGroup: string | undefined;
  for (;;) {
    const page = await tables.liveStates(
      projection,
      afterGroup === undefined ? { limit } : { afterGroup, limit },
    );
    if (page === undefined || page.size === 0) break;
    add(page);
    afterGroup = [...page.keys()].at(-1);
    if (page.size < limit) break;
  }
  return state;
}
