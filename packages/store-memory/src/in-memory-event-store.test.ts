import { describe, expect, it } from "vitest";
import { InMemoryEventStore } from "./in-memory-event-store.js";

describe("InMemoryEventStore", () => {
  it("smoke", async () => {
    const s = new InMemoryEventStore();
    await s.append("a", [{ type: "X", schemaVersion: 1, data: { å: "ö" } }], { expectedVersion: "no-stream" });
    expect((await s.readStream("a"))[0]?.data).toEqual({ å: "ö" });
  });
});
