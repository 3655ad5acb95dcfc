import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chown, mkdtemp, rmdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { StoreFullError } from "@iop/core";
import { sampleEvents } from "@iop/store-testkit";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openPostgresStore } from "./open-postgres-store.js";
import { startTestPostgres } from "./testing/start-postgres.js";

const run = promisify(execFile);

/** A small tmpfs owned by the `postgres` user, for a tablespace that fills up; or why none can be mounted. */
async function smallDisk(): Promise<{ path: string; unmount(): Promise<void> } | string> {
  if (process.getuid?.() !== 0) return "mounting a small tmpfs needs root";
  const path = await mkdtemp(join(tmpdir(), "iop-full-"));
  try {
    await run("mount", ["-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", path]);
  } catch (error) {
    await rmdir(path);
    return `cannot mount a tmpfs here: ${(error as Error).message}`;
  }
  const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  await chown(path, Number(uid.stdout), Number(gid.stdout));
  return {
    path,
    unmount: async () => {
      await run("umount", [path]);
      await rmdir(path);
    },
  };
}

/** Event data of about `size` characters that compression cannot shrink much. */
function incompressible(size: number): { blob: string } {
  return { blob: randomBytes(Math.ceil((size * 3) / 4)).toString("base64") };
}

describe("a full disk", () => {
  it("refuses an append with StoreFullError, keeps what was acknowledged, and takes it once space is free", async (context) => {
    const disk = await smallDisk();
    if (typeof disk === "string") return context.skip(disk);
    // A server of its own: its tables live on the small disk, its WAL on the big one (a full WAL
    // disk stops the whole server, which is StoreUnavailableError, not this).
    const server = await startTestPostgres({ embedded: true });
    const admin = new pg.Client({ connectionString: server.url });
    try {
      await admin.connect();
      // The path is a mkdtemp path ([A-Za-z0-9/_-]); DDL takes no parameters.
      await admin.query(`CREATE TABLESPACE small LOCATION '${disk.path}'`);
      const database = await server.createDatabase("full");
      await admin.query(`ALTER DATABASE "${database.name}" SET default_tablespace = small`);

      const store = await openPostgresStore({ connection: database.url });
      const acknowledged = await store.append("agreement-1", sampleEvents(3), {
        expectedVersion: "no-stream",
      });
      await store.projections.save({ name: "summary", version: 1, checkpoint: 3, state: { n: 3 } }, null);

      // Fill the disk with rows stored uncompressed, until PostgreSQL says it is full.
      const filler = new pg.Client({ connectionString: database.url });
      await filler.connect();
      await filler.query("CREATE TABLE filler (b bytea STORAGE EXTERNAL)");
      let fillError: unknown;
      for (let i = 0; i < 100 && fillError === undefined; i++)
        fillError = await filler.query("INSERT INTO filler SELECT $1::bytea", [randomBytes(128 * 1024)]).then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(fillError).toMatchObject({ code: "53100" });

      const big = [{ type: "DocumentAttached", schemaVersion: 1, data: incompressible(1024 * 1024) }];
      const refused = await store.append("agreement-1", big, { expectedVersion: 3 }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StoreFullError);
      expect(refused).toMatchObject({ cause: expect.objectContaining({ code: "53100" }) });
      await expect(
        store.projections.save(
          { name: "summary", version: 1, checkpoint: 4, state: incompressible(1024 * 1024) },
          3,
        ),
      ).rejects.toBeInstanceOf(StoreFullError);
      // Nothing of the refused writes was kept; reads go on.
      const before = await store.readStream("agreement-1");
      expect(before.map((e) => e.globalPosition)).toEqual(acknowledged.events?.map((e) => e.globalPosition));
      expect(await store.readAll()).toEqual(before);
      expect(await store.projections.load("summary")).toMatchObject({ checkpoint: 3 });

      // Space freed (a dropped table's files are emptied at commit): the same append goes in.
      await filler.query("DROP TABLE filler");
      await filler.end();
      await expect(store.append("agreement-1", big, { expectedVersion: 3 })).resolves.toMatchObject({
        streamVersion: 4,
      });
      expect((await store.readStream("agreement-1")).map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
      await store.close();
    } finally {
      await admin.end().catch(() => undefined);
      await server.stop();
      await disk.unmount();
    }
  }, 120_000);
});
