import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { realCasesInOrder } from "@iop/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iop } from "../test-support/run-iop.js";
import { storedEvents } from "../test-support/sqlite-files.js";

/** The printed line that starts with `first`, its cells split on the column padding. */
const row = (out: string, first: string) =>
  out
    .split("\n")
    .find((line) => line.startsWith(`${first} `))
    ?.split(/ {2,}/);

describe("iop demo", () => {
  let dir: string;
  let path: string;
  let demo: Awaited<ReturnType<typeof iop>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-demo-"));
    path = join(dir, "demo.db");
    demo = await iop("demo", "--store", `sqlite:${path}`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("records every command of the real data set at its document's date", async () => {
    expect(demo).toMatchObject({ code: 0, err: "" });
    const steps = realCasesInOrder();
    expect(demo.out).toContain(`${steps.length} commands recorded`);
    const times = new Set((await storedEvents(path)).map((e) => e.recordedAt));
    expect(times).toEqual(new Set(steps.map((s) => s.recordedAt.toISOString())));
  });

  it("prints the register in force on 2024-06-30 with Swedish amounts", () => {
    expect(demo.out).toContain("Register in force on 2024-06-30, as decided by then");
    expect(row(demo.out, "husby-konst-2022")).toEqual([
      "husby-konst-2022",
      "Husby Konst- och Hantverksförening",
      "signed",
      "no",
      "324 000 kr",
      "2022-01-01 – 2022-12-31",
      "2022-12-31",
    ]);
    expect(row(demo.out, "husby-konst-2024")?.slice(3, 5)).toEqual(["yes", "340 000 kr"]);
    expect(row(demo.out, "rinkeby-kista-2022-stadsmissionen")?.slice(2, 5)).toEqual(["rejected", "no", "–"]);
  });

  it("prints the 2022 grants, the Rinkeby-Kista decisions with Husby's, in the funding by year", () => {
    const funding = demo.out.slice(demo.out.indexOf("Funding by year"));
    // 3 509 000 + 3 262 000: the two priority areas' 2022 rows.
    expect(funding).toMatch(/^2022 +6 771 000 kr$/m);
    expect(funding).toMatch(
      /^2022 +Rinkeby-Kista stadsdelsnämnd +Stöd och insatser för egen försörjning +3 262 000 kr$/m,
    );
  });

  it("prints the Husby timeline with its 2020–2021 gap and the merger into Järva", () => {
    const timeline = demo.out.slice(demo.out.indexOf("Husby partnership timeline"));
    expect(timeline).toContain("gap: 2020-09-01 – 2021-12-31");
    expect(timeline).toContain(
      "succession: Rinkeby-Kista stadsdelsnämnd → Järva stadsdelsnämnd from 2023-07-01",
    );
    expect(row(timeline, "husby-konst-2023")?.slice(1, 2)).toEqual(["husby-konst-2022"]);
    expect(timeline).not.toContain("rinkeby-kista-2022-kista-sc");
  });

  it("records the signatories' names sealed, as every command does", async () => {
    const stored = JSON.stringify(await storedEvents(path));
    expect(stored).toContain("husby-konst-2022");
    expect(stored).not.toContain("Toni Mellblom");
  });

  it("answers the README's first query: husby-konst-2022 in force on 2022-03-24 with 324 000 kr", async () => {
    const register = await iop("--store", `sqlite:${path}`, "register", "--in-force-on", "2022-03-24");
    expect(row(register.out, "husby-konst-2022")?.slice(2, 5)).toEqual(["signed", "yes", "324 000 kr"]);
  });

  it("refuses a store that holds events, in one line, leaving it as it was", async () => {
    const before = await storedEvents(path);
    const again = await iop("demo", "--store", `sqlite:${path}`);
    expect(again).toMatchObject({ code: 1, out: "" });
    expect(again.err).toMatch(/^✗ sqlite:.* already holds events/);
    expect(again.err).not.toContain("\n");
    expect(await storedEvents(path)).toEqual(before);
  });

  it("answers audit-trail with the Granted decision of 2022-03-24 and its body", async () => {
    const trail = await iop("--store", `sqlite:${path}`, "audit-trail", "husby-konst-2022");
    expect(trail.code).toBe(0);
    expect(row(trail.out, "2022-03-24")).toEqual([
      "2022-03-24",
      "husby-konst-2022",
      "Granted",
      "Rinkeby-Kista stadsdelsnämnd",
      "–",
      "applied → granted",
      "324 000 kr",
      "district-council",
    ]);
    const json = JSON.parse((await iop("--store", `sqlite:${path}`, "audit-trail", "--json")).out) as {
      agreementId: string;
      eventType: string;
      date: string;
      body: string;
    }[];
    expect(json.filter((e) => e.agreementId === "husby-konst-2022")).toMatchObject([
      { eventType: "Granted", date: "2022-03-24", body: "Rinkeby-Kista stadsdelsnämnd" },
    ]);
    expect(new Set(json.map((e) => e.agreementId)).size).toBeGreaterThan(4);
  });

  it("takes one agreement at most for audit-trail, and no argument for the other read models", async () => {
    const store = `sqlite:${path}`;
    expect(await iop("--store", store, "audit-trail", "a", "b")).toMatchObject({
      code: 2,
      err: expect.stringContaining("unexpected arguments: b"),
    });
    expect(await iop("--store", store, "register", "husby-konst-2022")).toMatchObject({ code: 2 });
  });
});
