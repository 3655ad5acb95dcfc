import { describe, expect, it } from "vitest";
import { isSystemEvent } from "./system-events.js";

describe("system events", () => {
  it.each([
    ["statistics", "$stats-127.0.0.1:2113", "$statsCollected"],
    ["the settings stream", "$settings", "$settings"],
    ["the settings stream's metadata", "$$$settings", "$metadata"],
    ["a stream's metadata", "$$agreement-husby-2023", "$metadata"],
    ["a link in a category stream", "$ce-agreement", "$>"],
    ["a link in an ordinary stream", "agreement-links", "$>"],
    ["a system type in an ordinary stream", "agreement-husby-2023", "$metadata"],
  ])("are recognised: %s", (_label, streamId, type) => {
    expect(isSystemEvent({ streamId, type })).toBe(true);
  });

  it.each([
    ["an agreement stream", "agreement-husby-2023", "PeriodReported"],
    ["a stream with $ inside its name", "agreement-$1", "PeriodReported"],
    ["a namespaced stream whose id contains $", "tenant-a/price$list", "Applied"],
    ["a type with $ inside", "agreement-husby-2023", "Period$Reported"],
  ])("leave ordinary events alone: %s", (_label, streamId, type) => {
    expect(isSystemEvent({ streamId, type })).toBe(false);
  });
});
