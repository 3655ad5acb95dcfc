import { AgreementCommandHandler, type EventStore } from "@iop/core";
import type { Output } from "../output.js";

/** Prints an agreement's state as JSON; exit 1 when the agreement has no events. */
export async function showCommand(store: EventStore, agreementId: string, io: Output): Promise<number> {
  const { state } = await new AgreementCommandHandler({ store }).load(agreementId);
  if (state.version === 0) {
    io.err(`No agreement ${JSON.stringify(agreementId)} in this store.`);
    return 1;
  }
  io.out(JSON.stringify(state, null, 2));
  return 0;
}
