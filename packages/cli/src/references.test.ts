import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  husbyAgreementIds,
  husbyHistory,
  rinkebyKista2022,
  rinkebyKista2022AgreementIds,
} from "@iop/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iop } from "./test-support/run-iop.js";
import { storedEvents } from "./test-support/sqlite-files.js";

/** The Husby history with its 2024 evaluation also covering Fryshuset Husby's 2022 agreement. */
function historyWithWiderEvaluation() {
  const fryshuset = rinkebyKista2022AgreementIds["fryshuset-husby"];
  return [
    ...rinkebyKista2022,
    ...husbyHistory.map((step) => {
      if (step.command.type !== "Evaluate") return step;
      const data = step.command.data;
      return { ...step, command: { ...step.command, data: { ...data, scope: [...data.scope, fryshuset] } } };
    }),
  ];
}

describe("iop record and verify check an evaluation's references", () => {
  let dir: string;
  let commands: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-references-"));
    commands = join(dir, "wider.json");
    await writeFile(commands, JSON.stringify(historyWithWiderEvaluation()));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("given the real histories, when the evaluation also names Fryshuset Husby's agreement, then record refuses it with exit 1, one line naming data.scope.4", async () => {
    const db = join(dir, "refused.db");
    const result = await iop("--store", `sqlite:${db}`, "record", commands);
    expect(result.code).toBe(1);
    const lines = result.err.split("\n");
    expect(lines.filter((line) => line.includes("data.scope.4"))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^✗ .*\\] ${husbyAgreementIds.y2024}: Evaluate refused — RULE_VIOLATION: .*REFERENCE_OTHER_PARTNERSHIP \\(data\\.scope\\.4\\): The agreement the evaluation covers rinkeby-kista-2022-fryshuset-husby belongs to another organisation`,
        ),
      ),
    ]);
    expect(result.err).not.toContain("    at ");
    expect((await storedEvents(db)).map((e) => e.type)).not.toContain("Evaluated");
  });

  it("given the same evaluation recorded past the rules, when verified with --rules stockholm, then it is a finding with exit 1", async () => {
    const db = `sqlite:${join(dir, "forged.db")}`;
    expect((await iop("--store", db, "--rules", "none", "record", commands)).code).toBe(0);
    const verified = await iop("--store", db, "verify", "--rules", "stockholm");
    expect(verified.code).toBe(1);
    expect(verified.out + verified.err).toContain("REFERENCE_OTHER_PARTNERSHIP");
    expect(verified.out + verified.err).toContain("data.scope.4");
  });
});
