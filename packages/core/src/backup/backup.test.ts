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
    let appends = 0;
    const failing: IopStore = {
      projections: copy.projections,
      tables: copy.tables,
      append: (...args) => copy.append(...args),
      readStream: (...args) => copy.readStream(...args),
      readAll: (...args) => copy.readAll(...args),
      close: () => copy.close(),
      appendRecorded: (...args) => {
        if (++appends > 2) throw new StoreUnavailableError("the server went away");
        return copy.appendRecorded(...args);
      },
    };
    await expect(importExport(failing, linesOf(text))).rejects.toBeInstanceOf(StoreUnavailableError);
    const partial = (await copy.readAll({ limit: 10_000 })).length;
    expect(partial).toBeGreaterThan(0);
    const resumed = await importExport(copy, linesOf(text));
    expect(resumed.skipped).toBe(partial);
    expect(resumed.imported + resumed.skipped).toBe(resumed.trailer.count);
    expect(await exportText(copy)).toBe(text);
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
