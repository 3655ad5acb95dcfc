import { IopError } from "@iop/core";

/**
 * The projection store holds a newer version of the projection than this runner's: another
 * process runs newer code. Rebuilding back to the older version would make the two runners undo
 * each other's work, so the older one stops instead.
 */
export class ProjectionVersionError extends IopError {
  readonly code = "PROJECTION_VERSION_AHEAD";
  constructor(
    readonly projection: string,
    readonly runnerVersion: number,
    readonly storedVersion: number,
  ) {
    super(
      `Projection ${JSON.stringify(projection)} is stored at version ${storedVersion}, newer than this runner's ${runnerVersion}`,
    );
  }
}

/**
 * A table projection's tables are asked for before they were built (or only an older version
 * is live): run `catchUpTables` (or `iop project`) first.
 */
export class TablesNotBuiltError extends IopError {
  readonly code = "TABLES_NOT_BUILT";
  constructor(
    readonly projection: string,
    readonly version: number,
    /** The live version, when another one is live. */
    readonly liveVersion: number | null,
  ) {
    super(
      liveVersion === null
        ? `The tables of ${JSON.stringify(projection)} are not built yet: run catchUpTables (iop project) first`
        : `The tables of ${JSON.stringify(projection)} are at version ${liveVersion}, not ${version}: run catchUpTables (iop project) to rebuild them`,
    );
  }
}
