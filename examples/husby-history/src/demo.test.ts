import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDemo } from "./demo.js";

describe("pnpm example:husby-history", () => {
  const dir = mkdtemp(join(tmpdir(), "iop-demo-"));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it("records the Husby history in SQLite and prints each agreement", async () => {
    const path = join(await dir, "husby.db");
    const out = (await runDemo(path, "2026-11-23")).join("\n");
    expect(out).toContain("19 commands recorded, 0 already");
    expect(out).toContain("husby-konst-2019  [signed, ended 2020-08-31]");
    expect(out).toContain("2022-01-01 → 2022-12-31, 324 000 kr, decided 2022-03-24");
    expect(out).toContain("succeeded: Rinkeby-Kista stadsdelsnämnd → Järva stadsdelsnämnd from 2023-07-01");
    expect(out).toContain("renegotiation commissioned 2024-11-21");
    expect(out).toContain(
      "Partnership timeline: 4 agreements with Rinkeby-Kista stadsdelsnämnd → Järva stadsdelsnämnd",
    );
    expect(out).toContain("gap without an agreement: 2020-09-01 → 2021-12-31");
    expect(out).toContain("In force on 2022-02-15: none");
    expect(out).toContain("In force on 2022-03-24: husby-konst-2022");
    // The Stockholm rules accept the whole history and flag exactly one thing: the retroactive 2022 grant.
    const warnings = out.split("\n").filter((l) => /^ {2}husby-konst-\d{4} \w+: [A-Z_]+ — /.test(l));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("husby-konst-2022 Granted: RETROACTIVE_START");
  });

  it("records nothing new when run again on the same file", async () => {
    const path = join(await dir, "again.db");
    await runDemo(path, "2026-11-23");
    const again = (await runDemo(path, "2026-11-23")).join("\n");
    expect(again).toContain("0 commands recorded, 19 already");
  });
});
