import { IopError } from "./iop-error.js";

/**
 * A checkpoint, key or proof that cannot be trusted: malformed, signed by another key, or not
 * matching what it claims. `reason` says which, in words an auditor can act on.
 */
export class IntegrityError extends IopError {
  readonly code = "INTEGRITY_CHECK_FAILED";
  constructor(readonly reason: string) {
    super(reason);
  }
}
