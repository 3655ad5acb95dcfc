import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StoredEvent, TableSchema } from "@iop/core";
import { husbyAgreementIds, husbyHistory, people } from "@iop/fixtures";
import { auditTrailProjection, auditTrailTables, catchUp } from "@iop/projections";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "./open-store.js";
import { personalDataView } from "./personal-data-view.js";
import { usePostgresDatabase } from "./test-support/postgres-database.js";
import { iop } from "./test-support/run-iop.js";
import { storedEventsAt } from "./test-support/stored-events.js";

const director = people.districtDirector;
const other = people.actingHeadOfDepartment2022;
const decision = "Järva SDN gallringsbeslut 2026:14";
const who = ["--requested-by", "the person", "--performed-by", "registrator-järva"];

/** The events of the store at `location` that hold the person's data (sealed, as kept). */
async function eventsHolding(location: string, personId: string): Promise<StoredEvent[]> {
  const events = await storedEventsAt(location);
  return events.filter((e) => JSON.stringify(e.data).includes(`"personId":"${personId}"`));
}

/**
 * Keeps the built-in audit trail durably, over the store as the CLI sees it: its snapshot holds
 * names in clear, and so do the SQL tables `iop project` builds.
 */
async function keepAuditTrail(location: string): Promise<void> {
  expect((await iop("--store", location, "project")).code).toBe(0);
  const store = personalDataView(await openStore(location, "read"));
  try {
    await catchUp(auditTrailProjection, { events: store, projections: store.projections });
    expect(JSON.stringify(await store.projections.load(auditTrailProjection.name))).toContain(director.name);
    const trail = await store.tables?.select(auditTrailTables.schemas[0] as TableSchema);
    expect(JSON.stringify(trail)).toContain(director.name);
  } finally {
    await store.close();
  }
}

/** The names each person has in `history --json` output, wherever in the events they are. */
function namesByPerson(lines: string): Record<string, string[]> {
  const names: Record<string, Set<string>> = {};
  JSON.parse(`[${lines.split("\n").join(",")}]`, (key, value) => {
    if (key !== "" && typeof value?.personId === "string" && typeof value.name === "string") {
      names[value.personId] ??= new Set();
      names[value.personId]?.add(value.name);
    }
    return value;
  });
  return Object.fromEntries(Object.entries(names).map(([id, set]) => [id, [...set]]));
}

interface Adapter {
  readonly location: () => string;
  /** Everything the store holds, as text (file bytes, or every row of every table). */
  readonly contents: () => Promise<string>;
}

/**
 * The core flow on one adapter: record the Husby history sealed, answer a register extract,
 * refuse an erasure without a gallringsbeslut, erase with one, and still verify, against a
 * checkpoint taken before too.
 */
function personalDataFlow(adapter: Adapter, dir: () => string) {
  const at = () => adapter.location();
  /** `iop forget` of the director under the public-authority policy, with `extra` options. */
  const forgetDirector = (...extra: string[]) =>
    iop("--store", at(), "forget", director.personId, "--policy", "public-authority", ...extra, ...who);
  let keys: string;
  let before: string;

  it("records names sealed: nowhere in the store, yet shown on read", { timeout: 60_000 }, async () => {
    const commands = join(dir(), "husby.json");
    await writeFile(commands, JSON.stringify(husbyHistory));
    expect((await iop("--store", at(), "record", commands)).code).toBe(0);
    expect(await adapter.contents()).not.toContain(director.name);
    const history = await iop("--store", at(), "history", "--json", husbyAgreementIds.y2022);
    expect(history.out).toContain(director.name);
    expect(history.out).toContain(other.name);
  });

  it("lists every event holding the person's data, as a table and as JSON", { timeout: 60_000 }, async () => {
    const holding = await eventsHolding(at(), director.personId);
    expect(holding.map((e) => e.type)).toEqual(expect.arrayContaining(["Granted", "Signed"]));
    const json = await iop("--store", at(), "person", director.personId, "--json");
    expect(json.code).toBe(0);
    const extract = JSON.parse(json.out) as {
      erased: boolean;
      entries: { streamId: string; streamVersion: number; kept: string; fields: string[] }[];
    };
    expect(extract.erased).toBe(false);
    expect(extract.entries.map((e) => `${e.streamId}@${e.streamVersion}`)).toEqual(
      holding.map((e) => `${e.streamId}@${e.streamVersion}`),
    );
    expect(extract.entries.every((e) => e.kept === "sealed")).toBe(true);
    const table = await iop("--store", at(), "person", director.personId);
    const lines = table.out.split("\n");
    expect(lines[0]).toBe(`${director.personId}: ${holding.length} events hold this person's data.`);
    expect(lines[1]).toMatch(/^stream\s+version\s+type\s+recorded at\s+fields\s+kept$/);
    expect(lines.slice(2)).toHaveLength(holding.length);
    expect(lines[2]).toMatch(/^agreement-\S+\s+\d+\s+(Granted|Signed)\s+\d{4}-\S+Z\s+.*name\s+sealed$/);
    expect((await iop("--store", at(), "person", "sthlm-p-9999")).out).toBe(
      "This store holds no data of sthlm-p-9999.",
    );
  });

  it("refuses an erasure without a gallringsbeslut under the public-authority policy, changing nothing", {
    timeout: 60_000,
  }, async () => {
    keys = join(dir(), "revisionen");
    expect((await iop("keygen", "revisionen.stockholm.se", "--out", keys)).code).toBe(0);
    before = join(dir(), "before.checkpoint");
    const signed = await iop("--store", at(), "checkpoint", "--key", `${keys}.key`, "--out", before);
    expect(signed.code).toBe(0);
    await keepAuditTrail(at());
    const contents = await adapter.contents();
    const refused = await forgetDirector();
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("gallringsbeslut");
    expect(refused.err).not.toContain("\n");
    expect(await adapter.contents()).toBe(contents);
    const unnamed = await iop("--store", at(), "forget", director.personId, ...who);
    expect(unnamed).toMatchObject({ code: 2, err: expect.stringContaining("forget needs --policy") });
  });

  it("erases with one: the name is gone from the store, the snapshots too, others are untouched", {
    timeout: 60_000,
  }, async () => {
    const holding = (await eventsHolding(at(), director.personId)).length;
    const forgot = await forgetDirector("--decision", decision);
    expect(forgot).toMatchObject({ code: 0, err: "" });
    expect(forgot.out).toContain(`${director.personId} forgotten under the public-authority policy`);
    expect(forgot.out).toContain(`gallringsbeslut ${decision}`);
    expect(forgot.out).toContain(`the personal data in ${holding} events reads as [erased]`);
    expect(forgot.out).toContain("the SQL tables of 5 built-in read models were rebuilt without it");
    expect(forgot.out).toMatch(/verify: \d+ events, no findings\.$/);
    expect(forgot.out).not.toContain("\n");
    expect(await adapter.contents()).not.toContain(director.name);

    // An agreement's state keeps no names; its history does.
    const shown = await iop("--store", at(), "show", husbyAgreementIds.y2022);
    expect(shown).toMatchObject({ code: 0, out: expect.not.stringContaining(director.name) });
    const history = await iop("--store", at(), "history", "--json", husbyAgreementIds.y2022);
    expect(history.out).not.toContain(director.name);
    expect(namesByPerson(history.out)).toEqual({
      [director.personId]: ["[erased]"],
      [other.personId]: [other.name],
    });
    expect((await iop("--store", at(), "register", "--json")).out).not.toContain(director.name);
  });

  it("still verifies, against the checkpoint taken before the erasure too; the erasure is in the history", {
    timeout: 60_000,
  }, async () => {
    expect((await iop("--store", at(), "verify")).code).toBe(0);
    const against = await iop("--store", at(), "verify", "--checkpoint", before, "--key", `${keys}.pub`);
    expect(against).toMatchObject({
      code: 0,
      out: expect.stringContaining("checked against the checkpoint"),
    });
    const exported = await iop("--store", at(), "export");
    expect(exported.out).not.toContain(director.name);
    const erasure = exported.out.split("\n").filter((line) => line.includes('"PersonErased"'));
    expect(erasure).toHaveLength(1);
    expect(erasure[0]).toContain(`"personId":"${director.personId}"`);
    expect(erasure[0]).toContain(decision);
  });

  it("says the person was erased, and forgetting again does nothing more", { timeout: 60_000 }, async () => {
    const table = await iop("--store", at(), "person", director.personId);
    expect(table.out.split("\n")[0]).toBe(
      `${director.personId} was erased (gallringsbeslut ${decision}): the sealed values below read as [erased].`,
    );
    const json = JSON.parse((await iop("--store", at(), "person", director.personId, "--json")).out);
    expect(json).toMatchObject({ erased: true, erasures: [{ personId: director.personId }] });
    const again = await forgetDirector("--decision", decision);
    expect(again).toMatchObject({ code: 0, out: expect.stringContaining("was already forgotten") });
    expect((await storedEventsAt(at())).filter((e) => e.type === "PersonErased")).toHaveLength(1);
  });

  it("erases under an organisation's policy on GDPR alone", { timeout: 60_000 }, async () => {
    const forgot = await iop("--store", at(), "forget", other.personId, "--policy", "organisation", ...who);
    expect(forgot).toMatchObject({ code: 0, out: expect.stringContaining("(GDPR article 17)") });
    const history = await iop("--store", at(), "history", "--json", husbyAgreementIds.y2022);
    expect(history.out).not.toContain(other.name);
    const later = await iop("--store", at(), "history", "--json", husbyAgreementIds.y2024);
    expect(later.out).toContain(people.headOfDepartment2024.name);
    expect((await iop("--store", at(), "verify")).code).toBe(0);
  });
}

describe("personal data on SQLite", () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-personal-"));
    path = join(dir, "husby.db");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const files = async () => {
    const parts = await Promise.all(
      ["", "-wal", "-shm"].map((suffix) => readFile(`${path}${suffix}`).catch(() => Buffer.alloc(0))),
    );
    return Buffer.concat(parts).toString("latin1");
  };
  personalDataFlow({ location: () => `sqlite:${path}`, contents: files }, () => dir);
});

describe("personal data on PostgreSQL", () => {
  const postgres = usePostgresDatabase("personal");

  /** Every row of every table outside the system schemas, as JSON. */
  const rows = async () => {
    const client = new pg.Client({ connectionString: postgres.database.url });
    await client.connect();
    try {
      const tables = await client.query<{ schema: string; name: string }>(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
         WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
         ORDER BY 1, 2`,
      );
      expect(tables.rows.map((t) => t.name)).toContain("events");
      const dumped: string[] = [];
      for (const { schema, name } of tables.rows) {
        const result = await client.query<{ row: string }>(
          `SELECT row_to_json(t)::text AS row FROM "${schema}"."${name}" t ORDER BY 1`,
        );
        dumped.push(`${schema}.${name}`, ...result.rows.map((r) => r.row));
      }
      return dumped.join("\n");
    } finally {
      await client.end();
    }
  };
  personalDataFlow({ location: () => postgres.database.url, contents: rows }, () => postgres.dir);
});
