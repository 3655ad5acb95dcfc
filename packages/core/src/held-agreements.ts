import { RecentlyUsed } from "./recently-used.js";
import type { AgreementState } from "./state.js";

/** One agreement as a command handler last left it: its state and the command ids in its stream. */
export interface HeldAgreement {
  readonly state: AgreementState;
  /** Every `metadata.commandId` recorded on the agreement up to `state.version`. */
  readonly commandIds: ReadonlySet<string>;
}

/**
 * The agreements a command handler handled last, at most `capacity`, the least recently handled let
 * go first, and none replaced by an earlier state of itself. A held state may be stale — another
 * writer appended since — and that is safe: the append's expected version refuses it, and the
 * handler reads the stream and decides again.
 */
export class HeldAgreements extends RecentlyUsed<HeldAgreement> {
  constructor(capacity: number) {
    super(capacity, (held, than) => held.state.version < than.state.version);
  }
}
