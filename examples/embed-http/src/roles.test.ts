import { commandTypes } from "@iop/core";
import { describe, expect, it } from "vitest";
import { commandsByRole, parseTokenTable } from "./roles.js";

describe("commandsByRole", () => {
  it("gives every command to exactly one writing role, and none to the auditor", () => {
    for (const type of commandTypes) {
      const holders = Object.entries(commandsByRole).filter(([, commands]) => commands.has(type));
      expect(
        holders.map(([role]) => role),
        type,
      ).toHaveLength(1);
    }
    expect(commandsByRole.auditor.size).toBe(0);
  });
});

describe("parseTokenTable", () => {
  it("accepts tokens mapped to an actor and a known role", () => {
    const table = { t: { actor: "anna", role: "case-officer" } };
    expect(parseTokenTable(table)).toBe(table);
  });
  it("names the entry that is wrong", () => {
    expect(() => parseTokenTable({ t: { actor: "anna", role: "mayor" } })).toThrow(/tokens\["t"\]/);
    expect(() => parseTokenTable({ t: { actor: "", role: "auditor" } })).toThrow(/tokens\["t"\]/);
    expect(() => parseTokenTable([])).toThrow(TypeError);
  });
});
