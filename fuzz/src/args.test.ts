import { describe, expect, it } from "vitest";
import { DEFAULT_RUNS, parseArgs } from "./args.js";

const seed = () => 42;

describe("parseArgs", () => {
  it("defaults to 10 000 runs on every adapter with a random seed", () => {
    expect(parseArgs([], seed)).toEqual({
      runs: DEFAULT_RUNS,
      seed: 42,
      adapters: ["memory", "sqlite", "postgres"],
      help: false,
    });
  });

  it("reads --name value and --name=value, and skips the -- pnpm passes", () => {
    expect(parseArgs(["--", "--runs", "200", "--seed=-7", "--adapters=postgres,memory"], seed)).toEqual({
      runs: 200,
      seed: -7,
      adapters: ["memory", "postgres"],
      help: false,
    });
  });

  it.each([
    [["--runs", "0"], "--runs needs a whole number"],
    [["--runs", "1.5"], "--runs needs a whole number"],
    [["--runs"], "--runs needs a whole number"],
    [["--seed", "4294967296"], "--seed needs a whole number"],
    [["--adapters", "eventstoredb"], "unknown adapter eventstoredb"],
    [["--adapters="], "unknown adapter (none given)"],
    [["--quick"], "unknown option --quick"],
  ])("refuses %j", (argv, message) => {
    expect(() => parseArgs(argv, seed)).toThrow(message);
  });
});
