import { randomBytes } from "node:crypto";
import { StoreOpenError } from "@iop/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore } from "./open-postgres-store.js";
import type { TestDatabase } from "./testing/start-postgres.js";
import { useTestDatabase } from "./testing/test-database.js";

let database: TestDatabase;
let admin: pg.Client;

beforeAll(async () => {
  database = await useTestDatabase("open_failures");
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await database?.drop();
});

/** The test database's URL with some parts replaced. */
function urlWith(parts: { database?: string; username?: string; password?: string }): string {
  const url = new URL(database.url);
  if (parts.database !== undefined) url.pathname = `/${parts.database}`;
  if (parts.username !== undefined) url.username = parts.username;
  if (parts.password !== undefined) url.password = parts.password;
  return url.toString();
}

describe("opening a store that cannot be opened", () => {
  it.each([true, false])(
    "a database that does not exist is StoreOpenError not-found (migrate: %s)",
    async (migrate) => {
      const error = await openPostgresStore({
        connection: urlWith({ database: `iop_missing_${randomBytes(4).toString("hex")}` }),
        migrate,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreOpenError);
      expect(error).toMatchObject({ reason: "not-found", cause: expect.objectContaining({ code: "3D000" }) });
      expect((error as Error).message).toMatch(/does not exist/);
    },
  );

  it("a wrong password is StoreOpenError access-denied", async () => {
    const error = await openPostgresStore({ connection: urlWith({ password: "not-the-password" }) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error).toMatchObject({
      reason: "access-denied",
      cause: expect.objectContaining({ code: "28P01" }),
    });
  });

  it("a role that may not create the schema is StoreOpenError access-denied, and creates nothing", async (context) => {
    const role = `iop_plain_${randomBytes(4).toString("hex")}`;
    const password = randomBytes(8).toString("hex");
    // Role and password are made of [a-z0-9_]; identifiers and DDL literals cannot be parameters.
    const created = await admin
      .query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`)
      .catch((e: unknown) => e);
    if (created instanceof Error)
      context.skip(`the server's test role may not create roles: ${created.message}`);
    try {
      const error = await openPostgresStore({
        connection: urlWith({ username: role, password }),
        schema: "not_allowed",
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreOpenError);
      expect(error).toMatchObject({
        reason: "access-denied",
        cause: expect.objectContaining({ code: "42501" }),
      });
      const { rows } = await admin.query("SELECT to_regnamespace('not_allowed') AS schema");
      expect(rows).toEqual([{ schema: null }]);
    } finally {
      await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    }
  });
});
