import type { AppendOptions, EventStore, NewEvent } from "@iop/core";
import { describe, expect, it } from "vitest";
import { pinnedTo } from "./pinned-store.js";

function recordingStore() {
  const appends: AppendOptions[] = [];
  const store = {
    append: async (_streamId: string, _events: readonly NewEvent[], options: AppendOptions) => {
      appends.push(options);
      return { streamVersion: 1, globalPosition: 1 };
    },
  } as unknown as EventStore;
  return { store, appends };
}

describe("pinnedTo", () => {
  it("passes an append on a version If-Match named", async () => {
    const { store, appends } = recordingStore();
    await pinnedTo(store, new Set([2, 3])).append("s", [], { expectedVersion: 3 });
    expect(appends).toEqual([{ expectedVersion: 3 }]);
  });
  it("refuses an append decided on another version with a concurrency conflict", async () => {
    const { store, appends } = recordingStore();
    await expect(pinnedTo(store, new Set([2])).append("s", [], { expectedVersion: 4 })).rejects.toMatchObject(
      {
        code: "CONCURRENCY_CONFLICT",
        expected: 2,
        actual: 4,
      },
    );
    await expect(
      pinnedTo(store, new Set([2])).append("s", [], { expectedVersion: "any" }),
    ).rejects.toMatchObject({
      code: "CONCURRENCY_CONFLICT",
    });
    expect(appends).toEqual([]);
  });
});
