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

/**
 * Writes `shape` into our store interleaved (see `RebuildShape`): turn by turn, one append of
 * one event to each stream in turn, so each agreement's events are spread through the history.
 */
export async function populateInterleaved(store: IopStore, shape: DataShape): Promise<void> {
  for (let version = 0; version < shape.eventsPerStream; version++)
    for (let s = 0; s < shape.streams; s++)
      await store.append(streamIdOf(s), [eventOf(s, version + 1)], { expectedVersion: version });
}
