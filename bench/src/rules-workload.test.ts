import { openSqliteStore } from "@iop/store-sqlite";
import { describe, expect, it } from "vitest";
import { COMMANDS_PER_AGREEMENT, rulesCommands } from "./rules-data.js";
import { recordThroughRules } from "./rules-workload.js";

describe("the rules workload", () => {
  it("is the same commands every time, the same mix in every hundred", () => {
    const commands = rulesCommands(400);
    expect(commands).toEqual(rulesCommands(400));
    expect(rulesCommands(250)).toEqual(commands.slice(0, 250));
    const mix = (from: number) =>
      commands
        .slice(from, from + 100)
        .map((c) => c.command.type)
        .sort()
        .join();
    expect(new Set([0, 100, 200, 300].map(mix)).size).toBe(1);
    expect(new Set(commands.map((c) => c.agreementId)).size).toBe(400 / COMMANDS_PER_AGREEMENT);
  });

  it("records through the Stockholm rules without a warning, timing a window before each checkpoint", async () => {
    const store = await openSqliteStore({ path: ":memory:" });
    try {
      // Three groups: organisations with their three agreements each, de minimis and overlap compared.
      const points = await recordThroughRules(store, { checkpoints: [100, 300], window: 50 });
      expect(points.map((p) => [p.at, p.commands])).toEqual([
        [100, 50],
        [300, 50],
      ]);
      expect(points.every((p) => p.seconds > 0)).toBe(true);
      expect(await store.readAll({ limit: 1000 })).toHaveLength(300);
    } finally {
      await store.close();
    }
  }, 60_000);
});
