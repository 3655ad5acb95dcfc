import type { EsdbRead, EsdbResolvedEvent } from "./client.js";

/**
 * Consumes a streaming read, calling `onEvent` for each entry until it returns `false`. A read
 * left early (or failed) is cancelled, so that its gRPC call does not linger: leaving the loop
 * ends the KurrentDB client's iterator, and `cancel()` the other client's stream.
 */
export async function drain(
  read: EsdbRead,
  onEvent: (resolved: EsdbResolvedEvent) => boolean,
): Promise<void> {
  let complete = false;
  try {
    for await (const resolved of read) {
      if (!onEvent(resolved)) return;
    }
    complete = true;
  } finally {
    if (!complete) await read.cancel?.().catch(() => undefined);
  }
}
