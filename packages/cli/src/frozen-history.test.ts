import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FROZEN_EXPORT_V1, husbyAgreementIds } from "@iop/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iop } from "./test-support/run-iop.js";

// The export an earlier version wrote (packages/fixtures/frozen): this version must still read it.
describe("the frozen history of the real cases (iop-export/1)", () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-frozen-"));
    db = `sqlite:${join(dir, "frozen.db")}`;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("imports, with every hash checked", async () => {
    const result = await iop("--store", db, "import", FROZEN_EXPORT_V1);
    expect(result).toMatchObject({ code: 0, out: expect.stringContaining("33 events imported") });
  });

  it("verifies with no findings, the rules included, at the root its trailer names", async () => {
    const trailer = JSON.parse((await readFile(FROZEN_EXPORT_V1, "utf8")).trimEnd().split("\n").at(-1) ?? "");
    const verified = await iop("--store", db, "verify", "--json", "--rules", "stockholm");
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.out)).toMatchObject({
      findings: [],
      events: 33,
      rootHash: trailer.trailer.rootHash,
    });
  });

  it("replays into the read models on both clocks", async () => {
    const inForce = async (...args: string[]) =>
      (
        JSON.parse((await iop("--store", db, "register", "--json", ...args)).out) as {
          agreementId: string;
          inForce: boolean;
        }[]
      )
        .filter((r) => r.inForce)
        .map((r) => r.agreementId);
    expect(await inForce("--as-of", "2022-06-01")).toContain(husbyAgreementIds.y2022);
    // Recorded on the decision day: known the evening after, not the morning before.
    expect(await inForce("--as-of", "2022-06-01", "--known-at", "2022-03-23T23:00:00Z")).toEqual([]);
    const funding = JSON.parse((await iop("--store", db, "funding", "--json")).out) as {
      byYear: Record<string, number>;
    };
    expect(funding.byYear["2022"]).toBeGreaterThan(324_000);
  });

  it("exports again byte for byte as it was written", async () => {
    const out = join(dir, "again.jsonl");
    expect((await iop("--store", db, "export", "--out", out)).code).toBe(0);
    expect(await readFile(out, "utf8")).toBe(await readFile(FROZEN_EXPORT_V1, "utf8"));
  });
});
