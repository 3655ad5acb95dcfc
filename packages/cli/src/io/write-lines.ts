import { once } from "node:events";
import type { Writable } from "node:stream";

/**
 * Writes `text` to `sink`, waiting when the sink's buffer is full: a slow pipe slows the writer
 * instead of filling memory. Rejects with the sink's error (a closed pipe, a full disk), or when
 * the sink closes before it drains.
 */
export async function writeWithBackPressure(sink: Writable, text: string): Promise<void> {
  if (sink.destroyed) throw sink.errored ?? new Error("the output was closed");
  if (sink.write(text)) return;
  const stop = new AbortController();
  try {
    // `once` rejects on an "error" event, so a failing sink rejects here too.
    await Promise.race([
      once(sink, "drain", { signal: stop.signal }),
      once(sink, "close", { signal: stop.signal }).then(() => {
        throw sink.errored ?? new Error("the output was closed before everything was written");
      }),
    ]);
  } finally {
    stop.abort();
  }
}
