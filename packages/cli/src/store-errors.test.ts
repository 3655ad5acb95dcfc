import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { agreementStreamId } from "@iop/core";
import { husbyAgreementIds, husbyHistory } from "@iop/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iop } from "./test-support/run-iop.js";
import { corruptEvent, storedEvents } from "./test-support/sqlite-files.js";

const husby2022 = agreementStreamId(husbyAgreementIds.y2022);

describe("iop on a damaged, missing or read-only store", () => {
  let dir: string;
  let sound: string;
  let corrupt: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-cli-store-"));
    const commands = join(dir, "husby.json");
    await writeFile(commands, JSON.stringify(husbyHistory));
    sound = join(dir, "sound.db");
    corrupt = join(dir, "corrupt.db");
    for (const path of [sound, corrupt])
      expect((await iop("--store", `sqlite:${path}`, "record", commands)).code).toBe(0);
    // The 2022 grant, husby-konst-2022@2, broken on disk.
    await corruptEvent(corrupt, husby2022, 2);
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("verify lists a corrupt row as a finding and still verifies every other event", async () => {
    const position = (await storedEvents(sound)).find(
      (e) => e.streamId === husby2022 && e.streamVersion === 2,
    )?.globalPosition;
    const result = await iop("--store", `sqlite:${corrupt}`, "verify");
    expect(result.code).toBe(1);
    expect(result.err.split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(`^✗ ${husby2022}@2 \\(position ${position}\\) corrupt-row: data is not valid JSON`),
      ),
    ]);
    // 19 events recorded, one unreadable; the agreement's later events follow on without a gap.
    expect(result.out.split("\n")[0]).toBe("19 events read, 4 agreements verified: 1 finding.");
  });

  it.each([["show", husbyAgreementIds.y2022], ["history", husbyAgreementIds.y2022], ["export"]])(
    "%s past a corrupt row prints one line naming it and exits 3",
    async (...args) => {
      const result = await iop("--store", `sqlite:${corrupt}`, ...args);
      expect(result.code).toBe(3);
      expect(result.err).not.toContain("\n");
      expect(result.err).toMatch(
        new RegExp(`^CORRUPT_EVENT: Stored event ${husby2022}@2 \\(position \\d+\\)`),
      );
    },
  );

  it("shows the other agreements of that store", async () => {
    const shown = await iop("--store", `sqlite:${corrupt}`, "show", husbyAgreementIds.y2023);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({ agreementId: husbyAgreementIds.y2023, status: "signed" });
  });

  it.each([
    ["verify"],
    ["show", husbyAgreementIds.y2022],
    ["history", husbyAgreementIds.y2022],
    ["export"],
    ["register"],
    ["timeline"],
    ["funding"],
    ["reports-due", "--as-of", "2025-04-01"],
  ])("%s of a store that does not exist says so, exits 3 and creates nothing", async (...args) => {
    const empty = join(dir, `missing-${args[0]}`);
    await mkdir(empty);
    const result = await iop("--store", `sqlite:${join(empty, "typo.db")}`, ...args);
    expect(result).toMatchObject({ code: 3, out: "" });
    expect(result.err).toMatch(/^STORE_CANNOT_OPEN: .*not found .*no database file at .*typo\.db/);
    expect(result.err).not.toContain("\n");
    expect(await readdir(empty)).toEqual([]);
  });

  it("verifies, exports and queries a read-only copy, and leaves it as it was", async () => {
    const media = join(dir, "media");
    await mkdir(media);
    const copy = join(media, "copy.db");
    await copyFile(sound, copy);
    const before = await readFile(copy);
    await chmod(copy, 0o444);
    await chmod(media, 0o555);
    try {
      expect(await iop("--store", `sqlite:${copy}`, "verify")).toMatchObject({
        code: 0,
        out: expect.stringContaining("19 events read, 4 agreements verified: no findings."),
      });
      const exported = await iop("--store", `sqlite:${copy}`, "export");
      expect(exported.code).toBe(0);
      expect(exported.out.split("\n")).toHaveLength(20); // 19 events and the trailer
      const register = await iop("--store", `sqlite:${copy}`, "register", "--as-of", "2022-03-24");
      expect(register.code).toBe(0);
      expect(await readFile(copy)).toEqual(before);
    } finally {
      await chmod(media, 0o755);
    }
  });
});
