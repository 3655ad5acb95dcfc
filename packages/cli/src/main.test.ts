import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { agreementStreamId, type StoredEvent } from "@iop/core";
import { husbyAgreementIds, husbyHistory } from "@iop/fixtures";
import { openSqliteStore } from "@iop/store-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iop } from "./test-support/run-iop.js";
import { storedEvents } from "./test-support/sqlite-files.js";

describe("iop", () => {
  let dir: string;
  let db: string;
  let commands: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-cli-"));
    db = `sqlite:${join(dir, "husby.db")}`;
    commands = join(dir, "husby.json");
    await writeFile(commands, JSON.stringify(husbyHistory));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("records the Husby history from a JSON file, and nothing twice", async () => {
    const first = await iop("--store", db, "record", commands);
    expect(first.code).toBe(0);
    expect(first.out).toContain("+ husby-konst-2022: Grant → Granted");
    expect(first.out).toContain("19 commands recorded, 0 already there.");
    expect(first.out).toContain("warning RETROACTIVE_START (data.period.start)");
    const again = await iop("--store", db, "record", commands);
    expect(again.out).toContain("0 commands recorded, 19 already there.");
  });

  it("shows an agreement's state and its history with envelopes", async () => {
    const shown = await iop("--store", db, "show", husbyAgreementIds.y2022);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({ status: "signed", grantedKronor: 324_000 });
    const history = await iop("--store", db, "history", husbyAgreementIds.y2023);
    expect(history.out.split("\n").map((l) => l.split(/\s+/)[3])).toEqual([
      "Applied",
      "Granted",
      "Signed",
      "PublicPartySucceeded",
      "PeriodReported",
    ]);
    const json = await iop("--store", db, "history", "--json", husbyAgreementIds.y2023);
    expect(JSON.parse(json.out.split("\n")[0] ?? "")).toMatchObject({
      streamVersion: 1,
      metadata: { actor: "case-officer" },
    });
  });

  it("verifies a sound store and finds a broken stream", async () => {
    expect(await iop("--store", db, "verify")).toMatchObject({
      code: 0,
      out: expect.stringMatching(/4 agreements verified: no findings\.\nroot [0-9a-f]{64} over \d+ events/),
    });
    const broken = `sqlite:${join(dir, "broken.db")}`;
    await iop("--store", broken, "record", commands);
    const store = await openSqliteStore({ path: broken.slice("sqlite:".length) });
    // Another program writes a second signing straight into the store, past the decider.
    await store.append(
      agreementStreamId(husbyAgreementIds.y2022),
      [
        {
          type: "Signed",
          schemaVersion: 1,
          data: { signedOn: "2022-05-01", signatories: [{ role: "stadsdelsdirektör" }] },
        },
        { type: "Granted", schemaVersion: 1, data: { grantedKronor: -5 } },
      ],
      { expectedVersion: "any" },
    );
    await store.close();
    const result = await iop("--store", broken, "verify");
    expect(result.code).toBe(1);
    expect(result.err).toContain("LIFECYCLE_VIOLATION");
    expect(result.err).toContain("data.grantedKronor");
    expect(result.out).toContain("2 findings");
  });

  it("exports every event and imports them into another store, nothing lost, hashes and times kept", async () => {
    const file = join(dir, "events.jsonl");
    expect((await iop("--store", db, "export", "--out", file)).out).toContain("events exported");
    const copy = `sqlite:${join(dir, "copy.db")}`;
    expect((await iop("--store", copy, "import", file)).code).toBe(0);
    const [original, imported] = await Promise.all(
      [db, copy].map((s) => storedEvents(s.slice("sqlite:".length))),
    );
    const envelope = ({ globalPosition: _, ...rest }: StoredEvent) => rest;
    expect(imported?.map(envelope)).toEqual(original?.map(envelope));
    // Run again, it checks what is there and appends nothing: an import that failed part-way resumes so.
    const twice = await iop("--store", copy, "import", file);
    expect(twice).toMatchObject({
      code: 0,
      out: expect.stringContaining(`0 events imported from ${file}, ${original?.length} already there`),
    });
  });

  it("stops at a refused command and says what was wrong", async () => {
    const bad = join(dir, "bad.json");
    await writeFile(
      bad,
      JSON.stringify([husbyHistory[0], { ...husbyHistory[2], agreementId: husbyHistory[0]?.agreementId }]),
    );
    const result = await iop("--store", `sqlite:${join(dir, "bad.db")}`, "record", bad);
    expect(result.code).toBe(1);
    expect(result.err).toContain("Sign refused — LIFECYCLE_VIOLATION");
    expect(result.err).toContain("1 commands recorded before the refusal");
  });

  it.each([
    [[], "Usage: iop"],
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["show"], "show needs an agreement id"],
    [["--store", "mysql://x", "verify"], "cannot tell which adapter"],
    [["--bogus", "verify"], 'unknown option "--bogus"'],
    [["--rules", "oslo", "record", "x.json"], "--rules must be one of stockholm, generic, none"],
    [["register", "--as-of", "2022-02-30"], "--as-of must be a calendar date"],
    [["reports-due"], "reports-due needs --in-force-on <date> (or --as-of)"],
    [["register", "--as-of", "2022-03-24", "--in-force-on", "2022-03-24"], "--as-of is an alias of"],
    [["register", "--recorded-by", "2022-03-24"], "--recorded-by must be an ISO 8601 instant"],
    [["funding", "--in-force-on", "2022-03-24"], "--in-force-on does not apply to funding"],
    [["audit-trail", "--in-force-on", "2022-03-24"], "--in-force-on does not apply to audit-trail"],
  ])("refuses %j with exit code 2", async (args, message) => {
    const result = await iop(...args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });

  it("refuses a grant by a council that no longer exists, naming its successor", async () => {
    const file = join(dir, "late.json");
    const [apply, grant] = husbyHistory.filter((s) => s.agreementId === husbyAgreementIds.y2022);
    const late = {
      ...grant,
      command: {
        type: "Grant",
        data: {
          ...(grant?.command.data as object),
          decision: { body: "Rinkeby-Kista stadsdelsnämnd", date: "2023-08-01" },
        },
      },
    };
    await writeFile(file, JSON.stringify([apply, late]));
    const result = await iop("--store", `sqlite:${join(dir, "late.db")}`, "record", file);
    expect(result.code).toBe(1);
    expect(result.err).toContain("RULE_VIOLATION");
    expect(result.err).toContain("Järva");
    const without = await iop(
      "--store",
      `sqlite:${join(dir, "late-norules.db")}`,
      "--rules",
      "none",
      "record",
      file,
    );
    expect(without.code).toBe(0);
  });

  it("answers the read models on the clocks: Husby 2022 was in force on 2022-02-15, as decided later", async () => {
    const inForce = async (...clocks: string[]) =>
      (
        JSON.parse(
          (await iop("--store", db, "register", "--in-force-on", "2022-02-15", ...clocks, "--json")).out,
        ) as {
          agreementId: string;
          inForce: boolean;
        }[]
      )
        .filter((r) => r.inForce)
        .map((r) => r.agreementId);
    expect(await inForce()).toEqual([husbyAgreementIds.y2022]);
    expect(await inForce("--decided-by", "2022-04-01")).toEqual([husbyAgreementIds.y2022]);
    expect(await inForce("--decided-by", "2022-02-15")).toEqual([]);
    // The alias --as-of is the day and the horizon together.
    const asOf = JSON.parse(
      (await iop("--store", db, "register", "--as-of", "2022-02-15", "--json")).out,
    ) as {
      inForce: boolean;
    }[];
    expect(asOf.filter((r) => r.inForce)).toEqual([]);
    const timelines = JSON.parse((await iop("--store", db, "timeline", "--json")).out) as {
      agreements: unknown[];
      gaps: unknown[];
    }[];
    expect(timelines).toHaveLength(1);
    expect(timelines[0]?.agreements).toHaveLength(4);
    expect(timelines[0]?.gaps).toEqual([{ from: "2020-09-01", to: "2021-12-31" }]);
    const due = JSON.parse(
      (await iop("--store", db, "reports-due", "--in-force-on", "2025-04-01", "--json")).out,
    ) as {
      agreementId: string;
    }[];
    expect(due.map((d) => d.agreementId)).toEqual([husbyAgreementIds.y2024]);
    const funding = JSON.parse((await iop("--store", db, "funding", "--json")).out) as {
      byYear: Record<string, number>;
    };
    expect(funding.byYear["2022"]).toBe(324_000);
    // Recorded by a time before anything was recorded, the store held nothing (also by the alias).
    const recorded = await iop("--store", db, "register", "--recorded-by", "2000-01-01T00:00:00Z", "--json");
    expect(JSON.parse(recorded.out)).toEqual([]);
    const known = await iop("--store", db, "register", "--known-at", "2000-01-01T00:00:00Z", "--json");
    expect(JSON.parse(known.out)).toEqual([]);
  });

  it("says so when an agreement is not in the store", async () => {
    expect(await iop("--store", db, "show", "nobody")).toMatchObject({
      code: 1,
      err: expect.stringContaining('No agreement "nobody"'),
    });
  });
});
