import type { StoredEvent } from "@iop/core";
import { advance, type Checkpointed, type FactLogState, registerProjection } from "@iop/projections";

/**
 * The agreement register of `@iop/projections`, folded page by page exactly as its `runLive`
 * does (decode each stored event with the core's codec, then fold in place), for the contenders
 * whose reads do not go through our `EventStore` port.
 */
export class RegisterFold {
  private at: Checkpointed<FactLogState> = { state: registerProjection.initialState, checkpoint: 0 };

  /** Folds one page of stored events, in global order. */
  add(page: readonly StoredEvent[]): void {
    const next = advance(registerProjection, this.at, page, undefined, { reuseState: true });
    this.at = { state: next.state, checkpoint: next.checkpoint };
  }

  /** The number of agreements in the register. */
  get rows(): number {
    return Object.keys(this.at.state).length;
  }
}

export { registerProjection };
