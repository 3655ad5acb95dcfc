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
