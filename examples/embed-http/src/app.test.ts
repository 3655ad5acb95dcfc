import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { type PersonalDataStore, protectPersonalData } from "@iop/core";
import { husbyAgreementIds, husbyHistory, type ScriptedCommand } from "@iop/fixtures";
import { openSqliteStore } from "@iop/store-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import type { TokenTable } from "./roles.js";

const tokens: TokenTable = {
  "case-token": { actor: "anna.handlaggare", role: "case-officer" },
  "board-token": { actor: "bo.namndsekreterare", role: "board-secretary" },
  "audit-token": { actor: "ada.revisor", role: "auditor" },
};
const id = husbyAgreementIds.y2022;
const step = (type: string): ScriptedCommand => {
  const found = husbyHistory.find((s) => s.agreementId === id && s.command.type === type);
  if (found === undefined) throw new Error(`no ${type} for ${id} in husbyHistory`);
  return found;
};
/** The fixture's command as a request body: its own actor is dropped, the token names one. */
const bodyOf = ({ command, context: { actor: _, ...context } }: ScriptedCommand) =>
  JSON.stringify({ ...command, context });

let dir: string;
let store: PersonalDataStore;
let server: ServerType;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "iop-embed-http-"));
  const sqlite = await openSqliteStore({ path: join(dir, "iop.db") });
  store = protectPersonalData(sqlite, sqlite.driver.personKeys);
  const app = createApp({ store, tokens });
  await new Promise<void>((listening) => {
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => listening());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((closed) => server.close(closed));
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const call = (path: string, token: string | undefined, init: RequestInit = {}) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: {
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(init.headers as Record<string, string> | undefined),
    },
  });
const post = (token: string, body: string, ifMatch?: string) =>
  call(`/agreements/${id}/commands`, token, {
    method: "POST",
    body,
    ...(ifMatch === undefined ? {} : { headers: { "If-Match": ifMatch } }),
  });

describe("embed-http over a loopback port", () => {
  it("answers 401 with a challenge without a token or with an unknown one", async () => {
    for (const token of [undefined, "no-such-token"]) {
      const res = await call(`/agreements/${id}`, token);
      expect(res.status).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer /);
      expect(await res.json()).toMatchObject({ error: "UNAUTHENTICATED" });
    }
  });

  it("refuses a write without If-Match (428) and an auditor's write (403)", async () => {
    const missing = await post("case-token", bodyOf(step("Apply")));
    expect(missing.status).toBe(428);
    expect(await missing.json()).toMatchObject({ error: "PRECONDITION_REQUIRED" });
    const auditor = await post("audit-token", bodyOf(step("Apply")), '"0"');
    expect(auditor.status).toBe(403);
    expect(await auditor.json()).toMatchObject({ error: "FORBIDDEN" });
  });

  it("refuses a body that is not JSON (400)", async () => {
    const res = await post("case-token", "{ not json", '"0"');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "INVALID_JSON" });
  });

  it('records the application on If-Match "0" with the token\'s actor, and a strong ETag', async () => {
    const res = await post("case-token", bodyOf(step("Apply")), '"0"');
    expect(res.status).toBe(201);
    expect(res.headers.get("ETag")).toBe('"1"');
    const body = (await res.json()) as { events: { type: string; metadata: Record<string, unknown> }[] };
    expect(body.events.map((e) => e.type)).toEqual(["Applied"]);
    expect(body.events[0]?.metadata).toMatchObject({ actor: "anna.handlaggare", commandId: `${id}/apply` });
  });

  it("lets only a board secretary record the grant (403 for the case officer)", async () => {
    const res = await post("case-token", bodyOf(step("Grant")), '"1"');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "FORBIDDEN" });
  });

  it("answers 412 with the current ETag for a stale or weak If-Match, and records nothing", async () => {
    for (const stale of ['"0"', 'W/"1"', '"7"']) {
      const res = await post("board-token", bodyOf(step("Grant")), stale);
      expect(res.status).toBe(412);
      expect(res.headers.get("ETag")).toBe('"1"');
      expect(await res.json()).toMatchObject({ error: "PRECONDITION_FAILED" });
    }
  });

  it("records the grant on the current version", async () => {
    const res = await post("board-token", bodyOf(step("Grant")), '"1"');
    expect(res.status).toBe(201);
    expect(res.headers.get("ETag")).toBe('"2"');
  });

  it("answers a repeated command id with the earlier outcome (200), even on the old If-Match", async () => {
    const res = await post("board-token", bodyOf(step("Grant")), '"1"');
    expect(res.status).toBe(200);
    expect(res.headers.get("ETag")).toBe('"2"');
    expect(await res.json()).toMatchObject({ duplicate: true, events: [{ type: "Granted" }] });
  });

  it("answers refusals with 422, the error code and its details", async () => {
    const grant = step("Grant");
    const again = JSON.stringify({ ...grant.command, context: { commandId: `${id}/grant-again` } });
    const lifecycle = await post("board-token", again, '"2"');
    expect(lifecycle.status).toBe(422);
    expect(await lifecycle.json()).toMatchObject({ error: "LIFECYCLE_VIOLATION" });

    const incomplete = JSON.stringify({ type: "Reject", data: {} });
    const invalid = await post("board-token", incomplete, '"2"');
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({
      error: "INVALID_COMMAND",
      details: expect.arrayContaining([expect.objectContaining({ field: "data.reason" })]),
    });
  });

  it("serves the state with a strong ETag, and 304 when it matches If-None-Match", async () => {
    const res = await call(`/agreements/${id}`, "audit-token");
    expect(res.status).toBe(200);
    expect(res.headers.get("ETag")).toBe('"2"');
    expect(await res.json()).toMatchObject({ agreementId: id, state: { version: 2 } });
    const cached = await call(`/agreements/${id}`, "audit-token", { headers: { "If-None-Match": '"2"' } });
    expect(cached.status).toBe(304);
    const changed = await call(`/agreements/${id}`, "audit-token", { headers: { "If-None-Match": '"1"' } });
    expect(changed.status).toBe(200);
  });

  it("shows the history with each event's actor and the signatories' names opened", async () => {
    const res = await call(`/agreements/${id}/history`, "audit-token");
    expect(res.status).toBe(200);
    const { events } = (await res.json()) as { events: { metadata: { actor?: string }; data: unknown }[] };
    expect(events.map((e) => e.metadata.actor)).toEqual(["anna.handlaggare", "bo.namndsekreterare"]);
    expect(JSON.stringify(events[1]?.data)).toContain("Toni Mellblom");
  });

  it("keeps the names sealed at rest in the SQLite files", async () => {
    for (const file of await readdir(dir))
      expect((await readFile(join(dir, file))).includes("Toni Mellblom"), file).toBe(false);
  });

  it("answers the register on 2022-03-24, and 400 for a date that is not one", async () => {
    const res = await call("/register?inForceOn=2022-03-24&decidedBy=2022-03-24", "case-token");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      inForceOn: string | null;
      recordedBy: string | null;
      rows: { agreementId: string; inForce: boolean | null }[];
    };
    expect(body).toMatchObject({ inForceOn: "2022-03-24", recordedBy: null });
    expect(body.rows).toEqual([expect.objectContaining({ agreementId: id, inForce: true })]);
    const bad = await call("/register?inForceOn=2022-02-30", "case-token");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "INVALID_QUERY" });
  });
});
