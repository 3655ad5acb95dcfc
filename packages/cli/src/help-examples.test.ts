import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { husbyHistory } from "@iop/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "./args/commands.js";
import { inFolder, words } from "./test-support/example-words.js";
import { iop } from "./test-support/run-iop.js";

/** The order the examples run in: each uses what the ones before it wrote (store, keys, checkpoints). */
const ORDER = [
  "demo",
  "record",
  "show",
  "history",
  "keygen",
  "checkpoint",
  "verify",
  "prove",
  "export",
  "import",
  "register",
  "timeline",
  "funding",
  "reports-due",
  "audit-trail",
  "project",
  "person",
  "upgrade",
  "forget",
] as const;

describe("the help's examples, run on the Husby store", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-examples-"));
    await writeFile(join(dir, "husby.json"), JSON.stringify(husbyHistory));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("covers every command but check-proof, which runs after prove", () => {
    expect([...ORDER, "check-proof"].sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it("answers each example with exit code 0", async () => {
    // The files an example names live in the test's folder; an event id comes from the store.
    const run = async (example: string) => {
      const args = words(example).slice(1);
      // `iop demo` writes its default store in the working folder: here, in the test's.
      if (args[0] === "demo" && !args.includes("--store")) args.push("--store", "sqlite:iop-demo.db");
      let eventId = "";
      if (args.includes("<eventId>")) {
        const envelopes = await iop(
          "--store",
          `sqlite:${join(dir, "husby.db")}`,
          "history",
          "--json",
          "husby-konst-2022",
        );
        eventId = (JSON.parse(envelopes.out.split("\n")[0] ?? "") as { eventId: string }).eventId;
      }
      const result = await iop(
        ...args.map((w, i) => (w === "<eventId>" ? eventId : inFolder(dir, w, args[i - 1]))),
      );
      expect({ example, ...result }).toMatchObject({ example, code: 0 });
    };
    for (const command of ORDER) {
      for (const example of COMMANDS[command]?.examples ?? []) await run(example);
      if (command === "prove")
        for (const example of COMMANDS["check-proof"]?.examples ?? []) await run(example);
    }
  });
});
