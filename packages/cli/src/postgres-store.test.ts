import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { husbyHistory } from "@iop/fixtures";
import { openPostgresStore } from "@iop/store-postgres";
import { legacyStore } from "@iop/store-postgres/testing";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { usePostgresDatabase } from "./test-support/postgres-database.js";
import { iop } from "./test-support/run-iop.js";

describe("iop on PostgreSQL", () => {
  const postgres = usePostgresDatabase("cli");

  /** Whether the store's schema has its events table (without creating or migrating it). */
  async function hasEventsTable(): Promise<boolean> {
    const store = await openPostgresStore({ connection: postgres.database.url, migrate: false });
    try {
      const { rows } = await store.driver.pool.query<{ found: string | null }>(
        "SELECT to_regclass($1) AS found",
        [`${store.driver.schema}.events`],
      );
      return rows[0]?.found !== null;
    } finally {
      await store.close();
    }
  }

  it("read commands leave a database without a store as it is; record creates the store", {
    timeout: 60_000,
  }, async () => {
    for (const args of [["verify"], ["show", "husby-konst-2022"], ["register"]]) {
      const result = await iop("--store", postgres.database.url, ...args);
      expect(result.code).toBe(3);
      expect(result.err).not.toContain("\n");
    }
    expect(await hasEventsTable()).toBe(false);

    const commands = join(postgres.dir, "husby.json");
    await writeFile(commands, JSON.stringify(husbyHistory));
    expect((await iop("--store", postgres.database.url, "record", commands)).code).toBe(0);
    expect(await hasEventsTable()).toBe(true);
    expect(await iop("--store", postgres.database.url, "verify")).toMatchObject({
      code: 0,
      out: expect.stringContaining("19 events read, 4 agreements verified: no findings."),
    });
  });

  it("upgrades a store written before the hash chain, saying how many events it sealed", {
    timeout: 60_000,
  }, async () => {
    const legacy = await postgres.server.createDatabase("cli-legacy");
    try {
      const client = new pg.Client({ connectionString: legacy.url });
      await client.connect();
      const count = await legacyStore(client, "iop", 3).finally(() => client.end());
      const upgraded = await iop("--store", legacy.url, "upgrade");
      expect(upgraded).toMatchObject({
        code: 0,
        out: `store upgraded: schema steps 5, 6, 7, 8 applied; ${count} events written before the hash chain were sealed into it`,
      });
      expect((await iop("--store", legacy.url, "verify")).code).toBe(0);
      expect((await iop("--store", legacy.url, "upgrade")).out).toBe(
        "the store is current: nothing to upgrade",
      );
    } finally {
      await legacy.drop();
    }
  });
});
