import { agreementStreamId, type EventStore } from "@iop/core";
import type { Output } from "../output.js";

/**
 * Prints one agreement's events with their envelopes: version, global position, recorded-at,
 * type, actor and command id — or, with `json`, each whole envelope as a JSON line.
 */
export async function historyCommand(
  store: EventStore,
  agreementId: string,
  json: boolean,
  io: Output,
): Promise<number> {
  const events = await store.readStream(agreementStreamId(agreementId));
  if (events.length === 0) {
    io.err(`No agreement ${JSON.stringify(agreementId)} in this store.`);
    return 1;
  }
  for (const e of events) {
    if (json) io.out(JSON.stringify(e));
    else {
      const who = [e.metadata.actor, e.metadata.commandId].filter((x) => x !== undefined).join(" ");
      const warnings = e.metadata.warnings?.length
        ? `  warnings: ${e.metadata.warnings.map((w) => w.code).join(", ")}`
        : "";
      io.out(
        `v${e.streamVersion}  #${e.globalPosition}  ${e.recordedAt}  ${e.type} v${e.schemaVersion}  ${who}${warnings}`,
      );
    }
  }
  return 0;
}
