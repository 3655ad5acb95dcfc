import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ExportLine, exportLines, type IopStore, importExport, type StoredEvent } from "@iop/core";
import { createMemoryStore } from "@iop/store-memory";
import { openPostgresStore } from "@iop/store-postgres";
import { startTestPostgres, type TestDatabase, type TestPostgres } from "@iop/store-postgres/testing";
import { openSqliteStore } from "@iop/store-sqlite";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const runs = Math.max(3, Math.round(Number(process.env.IOP_PROPERTY_SCALE ?? 1) * 30));

type Adapter = "memory" | "sqlite" | "postgres";

/** One append of a generated history: a stream, and events with JSON data and metadata. */
const append = fc.record({
  stream: fc.integer({ min: 0, max: 3 }),
  events: fc.array(
    fc.record({
      type: fc.constantFrom("Applied", "Granted", "PeriodReported", "Amended"),
      // Through JSON once: -0 becomes 0, as the store requires.
      data: fc
        .dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 })
        .map((d) => JSON.parse(JSON.stringify(d))),
      metadata: fc.record({ actor: fc.constantFrom("case-officer", "district-director") }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

async function exportText(store: IopStore): Promise<string> {
  let text = "";
  for await (const chunk of exportLines(store)) text += chunk;
  return text;
}

const linesOf = (text: string) => () =>
  (async function* (): AsyncGenerator<ExportLine> {
    for (const [i, line] of text.split("\n").entries()) yield { text: line, where: `export:${i + 1}` };
  })();

/** An export's events without their positions (each store gives its own), and its trailer's root. */
function contentOf(text: string) {
  const lines = text.trimEnd().split("\n");
  const trailer = JSON.parse(lines.pop() ?? "").trailer as { count: number; rootHash: string };
  const events = lines.map((line) => {
    const { globalPosition: _, ...rest } = JSON.parse(line) as StoredEvent;
    return rest;
  });
  return { events, count: trailer.count, rootHash: trailer.rootHash };
}

describe("export → import → export, from any adapter to any adapter", () => {
  let server: TestPostgres;
  let database: TestDatabase;
  let dir: string;
  let opened = 0;
  const stores: IopStore[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "iop-backup-adapters-"));
    server = await startTestPostgres();
    database = await server.createDatabase("backup-adapters");
  }, 120_000);
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await database?.drop();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  async function open(adapter: Adapter): Promise<IopStore> {
    opened += 1;
    const store =
      adapter === "memory"
        ? createMemoryStore()
        : adapter === "sqlite"
          ? await openSqliteStore({ path: join(dir, `store-${opened}.db`) })
          : await openPostgresStore({ connection: database.url, schema: `copy_${opened}` });
    stores.push(store);
    return store;
  }

  it("gives the same events, hashes and root", { timeout: 300_000 }, async () => {
    const adapters = fc.constantFrom<Adapter>("memory", "sqlite", "postgres");
    await fc.assert(
      fc.asyncProperty(
        adapters,
        adapters,
        fc.array(append, { minLength: 1, maxLength: 12 }),
        async (from, to, history) => {
          const source = await open(from);
          for (const { stream, events } of history)
            await source.append(
              `agreement-generated-${stream}`,
              events.map((e) => ({ ...e, schemaVersion: 1 })),
              {
                expectedVersion: "any",
              },
            );
          const written = await exportText(source);
          const target = await open(to);
          await importExport(target, linesOf(written));
          const again = contentOf(await exportText(target));
          const original = contentOf(written);
          expect(again).toEqual(original);
          expect(again.count).toBe(history.reduce((n, a) => n + a.events.length, 0));
        },
      ),
      { numRuns: runs },
    );
  });
});
