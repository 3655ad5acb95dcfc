import { IopError } from "./iop-error.js";

/** An erasure refused: by the policy, for a request that is not well formed, or with nothing to erase. */
export class ErasureRefusedError extends IopError {
  readonly code = "ERASURE_REFUSED";
  constructor(
    readonly personId: string,
    readonly reason: string,
  ) {
    super(`The erasure of ${personId} is refused: ${reason}`);
  }
}
