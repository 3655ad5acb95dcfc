import type { IopStore } from "@iop/core";
import { type DataShape, eventOf, streamIdOf } from "./data.js";

/**
 * Writes `shape` into our store with appends of `batchSize`, stream by stream, generating each
 * batch as it goes (a million event objects at once would dominate the child's memory figure).
 */
export async function populateStore(store: IopStore, shape: DataShape, batchSize: number): Promise<void> {
  for (let s = 0; s < shape.streams; s++)
    for (let from = 0; from < shape.eventsPerStream; from += batchSize) {
      const count = Math.min(batchSize, shape.eventsPerStream - from);
      const events = Array.from({ length: count }, (_, i) => eventOf(s, from + i + 1));
      await store.append(streamIdOf(s), events, { expectedVersion: from });
    }
}
