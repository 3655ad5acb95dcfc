import { priorityAreas as areas, organisations } from "@iop/fixtures";
import { describe, expect, it } from "vitest";
import { kronor, main, NO_AREA, priorityAreas, recordDecisions } from "./main.js";

describe("the custom projection example", () => {
  it("records the decisions under Stockholm's rules: every 2022 grant is flagged retroactive", async () => {
    const events = await (await recordDecisions()).readAll();
    const grants = events.filter((e) => e.type === "Granted");
    expect(grants).toHaveLength(6);
    expect(grants.map((e) => e.metadata.warnings?.map((w) => w.code))).toEqual(
      Array(6).fill(["RETROACTIVE_START"]),
    );
  });

  it("sums Rinkeby-Kista's 2022 grants per priority area, with who was granted and who rejected", async () => {
    const { summary, lines } = await main();
    expect(summary).toEqual([
      {
        area: areas.earlyInterventions,
        kronor: 3_509_000,
        granted: [
          { organisation: organisations.fryshusetHusby.name, kronor: 1_378_000 },
          { organisation: organisations.husbyKonst.name, kronor: 324_000 },
          { organisation: organisations.kistaSc.name, kronor: 1_312_000 },
          { organisation: organisations.loparakademin.name, kronor: 495_000 },
        ],
        rejected: [
          {
            organisation: organisations.somUnited.name,
            reason:
              "IOP ska vara verksamhet som bedrivs tillsammans med förvaltningen, inte finansiering av en tjänst",
          },
        ],
      },
      {
        area: areas.selfSufficiency,
        kronor: 3_262_000,
        granted: [
          { organisation: organisations.rinkebyFolketsHus.name, kronor: 2_150_000 },
          { organisation: organisations.studieframjandet.name, kronor: 1_112_000 },
        ],
        rejected: [{ organisation: organisations.stadsmissionen.name, reason: expect.any(String) }],
      },
    ]);
    expect(lines).toContain(`${areas.earlyInterventions}: 3 509 000 kr`);
    expect(lines).toContain("  rejected  Som United");
    expect(lines.at(-1)).toBe("In all: 6 771 000 kr to 6 organisations");
  });

  it("handles only applications and decisions, and files an application without an area apart", () => {
    expect(priorityAreas.handledTypes).toEqual(["Applied", "Granted", "Rejected"]);
    expect(NO_AREA).toMatch(/no priority area/);
    expect(kronor(2_148_924)).toBe("2 148 924 kr");
    expect(kronor(999)).toBe("999 kr");
  });
});
