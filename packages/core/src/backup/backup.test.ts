import { husbyHistory, record } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { AgreementCommandHandler } from "../command-handler.js";
import { StoreUnavailableError } from "../errors/index.js";
import { eventHash } from "../integrity/event-hash.js";
import { verifyStore } from "../integrity/verify-store.js";
import type { IopStore } from "../store/core-event-store.js";
import type { StoredEvent } from "../store/envelope.js";
import { exportLines } from "./export-format.js";
import { type ExportLine, importExport } from "./import-export.js";

const runs = Math.max(1, Math.round(Number(process.env.IOP_PROPERTY_SCALE ?? 1) * 100));

async function exportText(store: IopStore): Promise<string> {
  let text = "";
  for await (const chunk of exportLines(store)) text += chunk;
  return text;
}

const linesOf = (text: string) => () =>
  (async function* (): AsyncGenerator<ExportLine> {
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    for (const [i, line] of lines.entries()) yield { text: line, where: `backup.jsonl:${i + 1}` };
  })();

const withoutPositions = (events: readonly StoredEvent[]) =>
  events.map(({ globalPosition: _, ...rest }) => rest);

/** `store` with its `importRecorded` replaced, to count or fail its chunks. */
const withImport = (store: IopStore, importRecorded: IopStore["importRecorded"]): IopStore => ({
  projections: store.projections,
  tables: store.tables,
  append: (...args) => store.append(...args),
  readStream: (...args) => store.readStream(...args),
  readAll: (...args) => store.readAll(...args),
  close: () => store.close(),
  appendRecorded: (...args) => store.appendRecorded(...args),
  importRecorded,
});

let original: IopStore;
let text: string;

beforeAll(async () => {
  original = createMemoryStore({ clock: () => new Date("2024-05-02T08:00:00.000Z") });
  await record(new AgreementCommandHandler({ store: original }), husbyHistory);
  text = await exportText(original);
});

describe("exports and imports", () => {
  it("copy every event with its id, version, record time and hash; the copy exports the same", async () => {
    const copy = createMemoryStore();
    const result = await importExport(copy, linesOf(text));
    expect(result).toMatchObject({ imported: result.trailer.count, skipped: 0 });
    const [a, b] = await Promise.all([original, copy].map((s) => s.readAll({ limit: 10_000 })));
    expect(withoutPositions(b ?? [])).toEqual(withoutPositions(a ?? []));
    expect(await exportText(copy)).toBe(text);
    expect((await verifyStore(copy)).rootHash).toBe(result.trailer.rootHash);
  });

  it("refuse a file cut at any line, and write nothing", async () => {
    const lines = text.split("\n").slice(0, -1);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: lines.length - 1 }), async (keep) => {
        const copy = createMemoryStore();
        const cut = lines.slice(0, keep).join("\n");
        await expect(importExport(copy, linesOf(cut))).rejects.toMatchObject({
          code: "INTEGRITY_CHECK_FAILED",
          message: expect.stringMatching(/cut short|trailer/),
        });
        expect(await copy.readAll()).toEqual([]);
      }),
      { numRuns: Math.min(runs, lines.length) },
    );
  });

  it("refuse an edited amount, and one whose hash was recomputed too, naming the line", async () => {
    const edited = text.replace('"grantedKronor":324000', '"grantedKronor":3240000');
    expect(edited).not.toBe(text);
    const copy = createMemoryStore();
    await expect(importExport(copy, linesOf(edited))).rejects.toThrow(
      /backup\.jsonl:\d+: .* the file was edited/,
    );
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l.includes('"grantedKronor":324000'));
    const event = JSON.parse(lines[at] as string) as StoredEvent;
    const forged = { ...event, data: { ...(event.data as object), grantedKronor: 3_240_000 } };
    lines[at] = JSON.stringify({ ...forged, hash: eventHash(forged, forged.previousHash) });
    await expect(importExport(copy, linesOf(lines.join("\n")))).rejects.toThrow(
      /backup\.jsonl:(\d+): .*(chain|root)/,
    );
    expect(await copy.readAll()).toEqual([]);
  });

  it("refuse an event edited between the check and the import: the store takes its hash again", async () => {
    const edited = text.replace('"grantedKronor":324000', '"grantedKronor":3240000');
    const at = text.split("\n").findIndex((l) => l.includes('"grantedKronor":324000'));
    let reads = 0;
    // The first read (the check) sees the file as it was; the second, the import's, the edit.
    const changing = () => linesOf(++reads === 1 ? text : edited)();
    const copy = createMemoryStore();
    await expect(importExport(copy, changing, { chunkEvents: 1 })).rejects.toMatchObject({
      code: "INTEGRITY_CHECK_FAILED",
      message: expect.stringMatching(/hash is not its envelope's/),
    });
    // The events before it, one chunk each, are in; the edited one is not.
    expect(await copy.readAll({ limit: 10_000 })).toHaveLength(at);
  });

  it("refuse lines moved or removed, and anything after the trailer", async () => {
    const lines = text.split("\n").slice(0, -1);
    const swapped = [lines[1], lines[0], ...lines.slice(2)].join("\n");
    await expect(importExport(createMemoryStore(), linesOf(swapped))).rejects.toThrow(/backup\.jsonl:1/);
    const gap = [...lines.slice(0, 2), ...lines.slice(3)].join("\n");
    await expect(importExport(createMemoryStore(), linesOf(gap))).rejects.toThrow(
      /INTEGRITY|follow|chain|trailer/,
    );
    await expect(importExport(createMemoryStore(), linesOf(`${text}${lines[0]}\n`))).rejects.toThrow(
      /more after the trailer/,
    );
  });

  it("resume after a failure part-way: a second run checks what is there and appends the rest", async () => {
    const copy = createMemoryStore();
    let chunks = 0;
    const failing = withImport(copy, (appends) => {
      if (++chunks > 2) throw new StoreUnavailableError("the server went away");
      return copy.importRecorded(appends);
    });
    const chunkEvents = 3;
    await expect(importExport(failing, linesOf(text), { chunkEvents })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    const partial = (await copy.readAll({ limit: 10_000 })).length;
    expect(partial).toBe(2 * chunkEvents);
    const resumed = await importExport(copy, linesOf(text), { chunkEvents });
    expect(resumed.skipped).toBe(partial);
    expect(resumed.imported + resumed.skipped).toBe(resumed.trailer.count);
    expect(await exportText(copy)).toBe(text);
  });

  it("write interleaved streams in chunks in the file's order, not one write per run of a stream", async () => {
    const interleaved = createMemoryStore({ clock: () => new Date("2024-05-02T08:00:00.000Z") });
    // Monthly reports of three agreements: each turn, one event of each.
    for (let month = 0; month < 4; month++)
      for (const id of ["agreement-a", "agreement-b", "agreement-c"])
        await interleaved.append(id, [{ type: "PeriodReported", schemaVersion: 1, data: { month } }], {
          expectedVersion: month,
        });
    const file = await exportText(interleaved);
    const copy = createMemoryStore();
    const chunks: number[] = [];
    const counting = withImport(copy, (appends) => {
      chunks.push(appends.reduce((sum, append) => sum + append.events.length, 0));
      return copy.importRecorded(appends);
    });
    const progress: number[] = [];
    const onProgress = (phase: string, events: number) => phase === "importing" && progress.push(events);

    const result = await importExport(counting, linesOf(file), { chunkEvents: 5, onProgress });

    expect(result).toMatchObject({ imported: 12, skipped: 0 });
    expect(chunks).toEqual([5, 5, 2]);
    expect(progress).toEqual([5, 10, 12]);
    expect(await exportText(copy)).toBe(file);
  });

  it.each([0, 1.5, Number.NaN])("refuse %s events a chunk before opening the store", async (chunkEvents) => {
    let opened = false;
    const open = async () => {
      opened = true;
      return createMemoryStore();
    };
    await expect(importExport(open, linesOf(text), { chunkEvents })).rejects.toMatchObject({
      code: "INVALID_STORE_INPUT",
      field: "chunkEvents",
    });
    expect(opened).toBe(false);
  });

  it("refuse a store that holds other events in the same streams", async () => {
    const other = createMemoryStore();
    await record(new AgreementCommandHandler({ store: other }), husbyHistory.slice(0, 1));
    await expect(importExport(other, linesOf(text))).rejects.toThrow(/not a copy of this file/);
  });

  it("import a file written before exports had hashes only when told, sealing it on the way in", async () => {
    const legacy = text
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith('{"trailer"'))
      .map((line) => {
        const { hash: _h, previousHash: _p, ...event } = JSON.parse(line) as StoredEvent;
        return JSON.stringify(event);
      })
      .join("\n");
    await expect(importExport(createMemoryStore(), linesOf(legacy))).rejects.toThrow(/--unsealed/);
    await expect(importExport(createMemoryStore(), linesOf(text), { unsealed: true })).rejects.toThrow(
      /without --unsealed/,
    );
    const copy = createMemoryStore();
    const result = await importExport(copy, linesOf(legacy), { unsealed: true });
    // The same events chained from the start of each stream: the same hashes as the original's.
    expect(await exportText(copy)).toBe(text);
    expect(result.imported).toBe(result.trailer.count);
  });
});
