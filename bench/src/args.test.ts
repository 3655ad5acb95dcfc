import { describe, expect, it } from "vitest";
import { parseArgs } from "./args.js";
import { CONTENDERS, eventCount, PROFILES, runs, unitsOf, WORKLOADS } from "./plan.js";

describe("the command line", () => {
  it("defaults to the full profile with everything and the replay", () => {
    const options = parseArgs([]);
    expect(options.profile).toBe("full");
    expect(options.contenders).toHaveLength(CONTENDERS.length);
    expect(options.workloads).toEqual([
      ...WORKLOADS.map((w) => w.id),
      "rules",
      "chain",
      "verify",
      "rebuild",
      "import",
      "latency",
      "memory",
    ]);
    expect(options.replay).toBe(true);
  });

  it("takes --quick (also after a `--` pnpm passes on) without the replay", () => {
    const options = parseArgs(["--", "--quick"]);
    expect(options.profile).toBe("quick");
    expect(options.replay).toBe(false);
    expect(options.workloads).not.toContain("latency");
    expect(options.workloads).not.toContain("memory");
    expect(options.workloads).toContain("verify");
    expect(parseArgs(["--quick", "--only=memory,latency"]).workloads).toEqual(["memory", "latency"]);
    expect(parseArgs([]).workloads).toEqual(expect.arrayContaining(["latency", "memory"]));
  });

  it("selects contenders by prefix and workloads by name", () => {
    const options = parseArgs(["--contenders=ours,raw-postgres", "--only=single,read-all", "--rounds=3"]);
    expect(options.contenders).toEqual([
      "ours-sqlite-full",
      "ours-sqlite-normal",
      "ours-postgres",
      "raw-postgres",
    ]);
    expect(options.workloads).toEqual(["single", "read-all"]);
    expect(parseArgs(["--only=rules"]).workloads).toEqual(["rules"]);
    expect(parseArgs(["--only=chain,verify"]).workloads).toEqual(["chain", "verify"]);
    expect(parseArgs(["--only=rebuild"]).workloads).toEqual(["rebuild"]);
    expect(parseArgs(["--only=latency,memory"]).workloads).toEqual(["latency", "memory"]);
    expect(options.rounds).toBe(3);
    expect(parseArgs([]).rounds).toBeUndefined();
  });

  it("refuses what it does not know", () => {
    expect(() => parseArgs(["--fast"])).toThrow(/unknown option --fast/);
    expect(() => parseArgs(["--only=writes"])).toThrow(/unknown workload writes/);
    expect(() => parseArgs(["--rounds=0"])).toThrow(/positive integer/);
  });
});

describe("the plan", () => {
  it("runs reads once per SQLite implementation (at FULL): they do not sync", () => {
    const reads = WORKLOADS.filter((w) => w.reads);
    const normal = CONTENDERS.filter((c) => c.synchronous === "normal");
    expect(normal.length).toBeGreaterThan(0);
    for (const c of normal) for (const w of reads) expect(runs(c, w)).toBe(false);
  });

  it("gives the full profile one child per workload, workload by workload; the quick one a child per contender", () => {
    const full = unitsOf("full", CONTENDERS, WORKLOADS);
    expect(full.every((u) => u.workloads.length === 1)).toBe(true);
    expect(full.slice(0, 3).map((u) => [u.spec.id, u.workloads[0]?.id])).toEqual([
      ["ours-sqlite-full", "single"],
      ["emmett-sqlite-full", "single"],
      ["raw-sqlite-full", "single"],
    ]);
    const quick = unitsOf("quick", CONTENDERS, WORKLOADS);
    expect(quick.map((u) => u.spec.id)).toEqual(CONTENDERS.map((c) => c.id));
    expect(quick.find((u) => u.spec.id === "ours-sqlite-normal")?.workloads.map((w) => w.id)).toEqual([
      "single",
      "batched",
      "commands",
    ]);
  });

  it("times no more appends in the latency workload than the single-append data set holds", () => {
    for (const profile of Object.values(PROFILES))
      expect(profile.latency.warmup + profile.latency.appends).toBeLessThanOrEqual(eventCount(profile.shape));
  });

  it("measures memory on stores of the same agreements, ten times as many in the last", () => {
    for (const { memorySizes } of Object.values(PROFILES)) {
      const [first, last] = [memorySizes[0], memorySizes.at(-1)];
      expect(last?.eventsPerStream).toBe(first?.eventsPerStream);
      expect(last?.streams).toBe((first?.streams ?? 0) * 10);
    }
    expect(PROFILES.full.memorySizes.map(eventCount)).toEqual([100_000, 1_000_000]);
  });
});
