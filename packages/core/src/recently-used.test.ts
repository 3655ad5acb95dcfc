import { describe, expect, it } from "vitest";
import { RecentlyUsed } from "./recently-used.js";

const versions = (capacity: number) =>
  new RecentlyUsed<{ version: number }>(capacity, (value, than) => value.version < than.version);

describe("RecentlyUsed", () => {
  it("lets the least recently set go first", () => {
    const kept = versions(2);
    kept.set("a", { version: 1 });
    kept.set("b", { version: 1 });
    kept.set("a", { version: 2 });
    kept.set("c", { version: 1 });
    expect([kept.get("a"), kept.get("b"), kept.get("c")]).toEqual([
      { version: 2 },
      undefined,
      { version: 1 },
    ]);
  });

  it("never replaces a value by an older one, and forgets on request", () => {
    const kept = versions(2);
    kept.set("a", { version: 3 });
    kept.set("a", { version: 2 });
    expect(kept.get("a")).toEqual({ version: 3 });
    kept.set("a", { version: 4 });
    expect(kept.get("a")).toEqual({ version: 4 });
    kept.forget("a");
    expect(kept.get("a")).toBeUndefined();
  });

  it("keeps nothing at capacity 0", () => {
    const kept = versions(0);
    kept.set("a", { version: 1 });
    expect(kept.get("a")).toBeUndefined();
  });
});
