import { priorityAreas as areas, RINKEBY_KISTA_DECISION_DATE as on, organisations } from "@iop/fixtures";
import { foldEvents } from "@iop/projections";
import { describe, expect, it } from "vitest";
import { kronor, main, NO_AREA, priorityAreas, recordDecisions, recordedEvents, summarise } from "./main.js";

describe("the custom projection example", () => {
  it("records the decisions under Stockholm's rules: every 2022 grant is flagged retroactive", async () => {
    const events = await recordedEvents(await recordDecisions());
    const grants = events.filter((e) => e.type === "Granted");
    expect(grants).toHaveLength(6);
    expect(grants.map((e) => e.metadata.warnings?.map((w) => w.code))).toEqual(
      Array(6).fill(["RETROACTIVE_START"]),
    );
  });

  it("sums Rinkeby-Kista's 2022 grants per priority area, with who was granted and who rejected", async () => {
    const { summary, lines } = await main();
    expect(summary).toEqual({
      waiting: 0,
      areas: [
        {
          area: areas.earlyInterventions,
          kronor: 3_509_000,
          granted: [
            { organisation: organisations.fryshusetHusby.name, kronor: 1_378_000, decidedOn: on },
            { organisation: organisations.husbyKonst.name, kronor: 324_000, decidedOn: on },
            { organisation: organisations.kistaSc.name, kronor: 1_312_000, decidedOn: on },
            { organisation: organisations.loparakademin.name, kronor: 495_000, decidedOn: on },
          ],
          rejected: [
            {
              organisation: organisations.somUnited.name,
              reason:
                "IOP ska vara verksamhet som bedrivs tillsammans med förvaltningen, inte finansiering av en tjänst",
              decidedOn: on,
            },
          ],
        },
        {
          area: areas.selfSufficiency,
          kronor: 3_262_000,
          granted: [
            { organisation: organisations.rinkebyFolketsHus.name, kronor: 2_150_000, decidedOn: on },
            { organisation: organisations.studieframjandet.name, kronor: 1_112_000, decidedOn: on },
          ],
          rejected: [
            { organisation: organisations.stadsmissionen.name, reason: expect.any(String), decidedOn: on },
          ],
        },
      ],
    });
    expect(lines).toContain(`${areas.earlyInterventions}: 3 509 000 kr`);
    expect(lines).toContain("  rejected  Som United");
    expect(lines).toContain("In all: 6 771 000 kr to 6 organisations");
  });

  it("answers decided by a business date from the state, and recorded by a record time by the fold", async () => {
    const { lines } = await main();
    // The board decided on 2022-03-24; the decisions were entered the next day at noon.
    expect(lines.slice(-4)).toEqual([
      "Decided by 2022-03-23: 0 kr granted, 8 applications waiting",
      "Decided by 2022-03-24: 6 771 000 kr granted, 0 applications waiting",
      "Decided by 2022-03-24, recorded by 2022-03-24T20:00:00Z: 0 kr granted, 8 applications waiting",
      "Decided by 2022-03-24, recorded by 2022-03-25T12:00:00Z: 6 771 000 kr granted, 0 applications waiting",
    ]);
  });

  it("handles only applications and decisions, and files an application without an area apart", async () => {
    expect(priorityAreas.handledTypes).toEqual(["Applied", "Granted", "Rejected"]);
    const husby = organisations.husbyKonst.name;
    const events = (await recordedEvents(await recordDecisions())).map((event) => {
      if (event.type !== "Applied" || event.data.organisation.name !== husby) return event;
      const { priorityArea: _, ...data } = event.data;
      return { ...event, data };
    });
    const summary = summarise(foldEvents(priorityAreas, events));
    expect(summary.areas.find((a) => a.area === NO_AREA)?.granted).toEqual([
      { organisation: husby, kronor: 324_000, decidedOn: on },
    ]);
    expect(summary.areas.find((a) => a.area === areas.earlyInterventions)?.kronor).toBe(3_509_000 - 324_000);
    expect(kronor(2_148_924)).toBe("2 148 924 kr");
    expect(kronor(999)).toBe("999 kr");
  });
});
