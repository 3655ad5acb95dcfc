import type { IopStore } from "@iop/core";
import { openSqliteStore } from "@iop/store-sqlite";
import { describe, expect, it } from "vitest";
import { eventOf, streamIdOf } from "./data.js";
import { populateInterleaved, populateStore } from "./populate.js";

const shape = { streams: 3, eventsPerStream: 4 };

/** The store's history as `[stream, version]`, in global order. */
async function historyOf(write: (store: IopStore) => Promise<void>): Promise<[string, number][]> {
  const store = await openSqliteStore({ path: ":memory:" });
  try {
    await write(store);
    const events = await store.readAll();
    // Each event is its agreement's event at its version.
    expect(events.map((e) => e.data)).toEqual(
      events.map((e) => eventOf(Number(e.streamId.slice(-7)), e.streamVersion).data),
    );
    return events.map((e) => [e.streamId, e.streamVersion]);
  } finally {
    await store.close();
  }
}

describe("populating our store", () => {
  it("writes stream by stream: each agreement's whole history, then the next's", async () => {
    const history = await historyOf((store) => populateStore(store, shape, 2));
    expect(history.slice(0, 5)).toEqual([
      [streamIdOf(0), 1],
      [streamIdOf(0), 2],
      [streamIdOf(0), 3],
      [streamIdOf(0), 4],
      [streamIdOf(1), 1],
    ]);
  });

  it("writes interleaved: every agreement's event v, then every agreement's v + 1", async () => {
    const history = await historyOf((store) => populateInterleaved(store, shape));
    expect(history).toHaveLength(12);
    expect(history.slice(0, 4)).toEqual([
      [streamIdOf(0), 1],
      [streamIdOf(1), 1],
      [streamIdOf(2), 1],
      [streamIdOf(0), 2],
    ]);
    expect(history.at(-1)).toEqual([streamIdOf(2), 4]);
  });
});
