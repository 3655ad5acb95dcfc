import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "./args/commands.js";
import { iop } from "./test-support/run-iop.js";

describe("iop as a new user meets it", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-usage-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([["--version"], ["-V"]])("%s prints the package's version", async (flag) => {
    const manifest = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
    expect(await iop(flag)).toMatchObject({ code: 0, out: manifest.version, err: "" });
  });

  it("--help lists every command with one line, and says where to find more", async () => {
    const help = await iop("--help");
    expect(help.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(help.out).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
    expect(help.out.trimEnd().endsWith("iop <command> --help for more")).toBe(true);
  });

  it.each(Object.keys(COMMANDS))("%s --help prints its usage, options and examples", async (name) => {
    const help = await iop(name, "--help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(new RegExp(`^Usage: iop ${name}\\b`));
    const examples = help.out.split("Examples:\n")[1]?.split("\n") ?? [];
    expect(examples.length).toBeGreaterThanOrEqual(1);
    expect(examples.length).toBeLessThanOrEqual(3);
    for (const example of examples)
      expect(example).toMatch(new RegExp(`^  iop (--store \\S+ )?${name}( |$)`));
    // Every option an example uses is one the command takes.
    for (const option of examples.join(" ").match(/--[a-z-]+/g) ?? [])
      if (option !== "--store") expect(help.out).toContain(`  ${option}`);
  });

  it("verify --help names its options and a Husby example", async () => {
    const help = await iop("verify", "--help");
    expect(help.out).toContain("--checkpoint <file>");
    expect(help.out).toContain("iop --store sqlite:husby.db verify");
    expect(await iop("show", "--help")).toMatchObject({ out: expect.stringContaining("husby-konst-2022") });
    expect(await iop("person", "--help")).toMatchObject({ out: expect.stringContaining("sthlm-p-1001") });
  });

  it.each([
    [["verfy"], 'unknown command "verfy" — did you mean "verify"?', "run iop --help"],
    [["frobnicate"], 'unknown command "frobnicate"', "run iop --help"],
    [["verify", "--jsn"], 'unknown option "--jsn" — did you mean "--json"?', "run iop verify --help"],
    [
      ["show", "husby-konst-2022", "--as-of", "2022-03-24"],
      "--as-of does not apply to show",
      "run iop show --help",
    ],
    [["verify", "--out", "x"], "--out does not apply to verify", "run iop verify --help"],
    [
      ["keygen", "k", "--out", "k", "--store", "sqlite:k.db"],
      "--store does not apply to keygen",
      "run iop keygen --help",
    ],
    [["verify", "extra"], "unexpected arguments: extra", "run iop verify --help"],
    [
      ["register", "--as-of", "2022-02-30"],
      '--as-of must be a calendar date written YYYY-MM-DD (got "2022-02-30")',
      "run iop register --help",
    ],
    [
      ["register", "--known-at", "2022-02-30T00:00:00Z"],
      "--known-at must be an ISO 8601 instant",
      "run iop register --help",
    ],
    [
      ["register", "--known-at", "2022-03-24T20:00:00"],
      "--known-at must be an ISO 8601 instant",
      "run iop register --help",
    ],
    [["show"], "show needs an agreement id", "run iop show --help"],
  ])("refuses %j in one line and a hint, exit 2", async (args, message, hint) => {
    const result = await iop(...args);
    expect(result.code).toBe(2);
    expect(result.out).toBe("");
    const lines = result.err.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(message);
    expect(lines[1]).toBe(hint);
  });

  it("refuses a missing commands file in one line, creating no store", async () => {
    const db = join(dir, "none.db");
    const result = await iop("--store", `sqlite:${db}`, "record", join(dir, "missing.json"));
    expect(result.code).toBe(2);
    expect(result.err.split("\n")[0]).toBe(
      `cannot read the commands file ${join(dir, "missing.json")}: no such file`,
    );
    await expect(readFile(db)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses a missing export in one line", async () => {
    const result = await iop(
      "--store",
      `sqlite:${join(dir, "none.db")}`,
      "import",
      join(dir, "missing.jsonl"),
    );
    expect(result.code).toBe(2);
    expect(result.err.split("\n")).toHaveLength(2);
  });

  it.each([[[{ agreementId: "x", command: null }]], [[{ agreementId: "x", command: { data: {} } }]]])(
    "refuses the step %j in one line instead of crashing",
    async (steps) => {
      const file = join(dir, "null.json");
      await writeFile(file, JSON.stringify(steps));
      const result = await iop("--store", `sqlite:${join(dir, "null.db")}`, "record", file);
      expect(result.code).toBe(2);
      expect(result.err.split("\n")[0]).toBe(
        `${file}[0] must be { agreementId: string, command: { type, data }, context? }`,
      );
    },
  );
});
