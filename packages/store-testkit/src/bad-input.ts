import { InvalidStoreInputError, MAX_STREAM_ID_LENGTH, type NewEvent } from "@iop/core";
import { expect, it } from "vitest";
import type { EventStoreHarness } from "./harness.js";
import { readEverything } from "./read-everything.js";
import { sampleEvent, sampleEvents, uniqueStreamId } from "./sample-events.js";

/** Stream ids that must round-trip faithfully: SQL and LIKE metacharacters, Swedish letters, emoji. */
const AWKWARD_IDS = [
  `agreement-"quoted"-'single'`,
  "agreement-x'; DROP TABLE events; --",
  "agreement-100%_like\\escape",
  "avtal-Järva-Skärholmen-Östermalm",
  "agreement-🎨-konstakuten",
  "agreement with spaces/and/slashes",
];

async function expectStreamIdRefused(attempt: Promise<unknown>): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidStoreInputError);
  expect(error).toMatchObject({ field: "streamId" });
}

/** Inputs that must either round-trip exactly or be refused with a typed error. */
export function badInputTests(harness: () => EventStoreHarness): void {
  it("round-trips awkward stream ids exactly", async () => {
    const { store } = harness();
    for (const base of AWKWARD_IDS) {
      const id = `${base}-${uniqueStreamId("awkward")}`;
      await store.append(id, sampleEvents(2), { expectedVersion: "no-stream" });
      const events = await store.readStream(id);
      expect(events.map((e) => e.streamId)).toEqual([id, id]);
      const fromAll = (await readEverything(store)).filter((e) => e.streamId === id);
      expect(fromAll).toHaveLength(2);
    }
  });

  it("round-trips a stream id of the longest accepted length", async () => {
    const { store } = harness();
    const id = uniqueStreamId("longest").padEnd(MAX_STREAM_ID_LENGTH, "x");
    await store.append(id, sampleEvents(2), { expectedVersion: "no-stream" });
    expect((await store.readStream(id)).map((e) => e.streamId)).toEqual([id, id]);
    expect((await readEverything(store)).filter((e) => e.streamId === id)).toHaveLength(2);
  });

  it.each([
    ["empty", ""],
    ["a NUL character", "agreement-\u0000-nul"],
    ["one character too many", "a".repeat(MAX_STREAM_ID_LENGTH + 1)],
    ["10 000 characters", "a".repeat(10_000)],
    ["a lone surrogate", "agreement-\ud800"],
  ])("refuses a stream id with %s, and the store keeps working", async (_label, id) => {
    const { store } = harness();
    await expectStreamIdRefused(store.append(id, sampleEvents(1), { expectedVersion: "any" }));
    await expectStreamIdRefused(store.readStream(id));
    const fine = uniqueStreamId("after-bad-id");
    await store.append(fine, sampleEvents(1), { expectedVersion: "no-stream" });
    expect(await store.readStream(fine)).toHaveLength(1);
  });

  it("round-trips Unicode payloads: å ä ö, emoji, other scripts, escapes", async () => {
    const { store } = harness();
    const id = uniqueStreamId("unicode");
    const data = {
      organisation: "Husby Konst- och Hantverksförening",
      body: "Järva stadsdelsnämnd",
      emoji: "🎨🖌️👩🏽‍🎨",
      scripts: "ÅÄÖ åäö — ‘citat’ «guillemets» 漢字 العربية",
      escapes: 'quote " backslash \\ newline \n tab \t',
      numbers: [0, -1, 324000, 0.1, 1e-7, Number.MAX_SAFE_INTEGER],
      nested: { deeper: { list: [true, false, null, { x: [] }] } },
    };
    await store.append(id, [{ type: "Applied", schemaVersion: 2, data, metadata: { actor: "Åsa Öberg" } }], {
      expectedVersion: "no-stream",
    });
    const [stored] = await store.readStream(id);
    expect(stored?.data).toEqual(data);
    expect(stored?.metadata).toEqual({ actor: "Åsa Öberg" });
  });

  it("round-trips a 1 MB payload", async () => {
    const { store } = harness();
    const id = uniqueStreamId("large");
    const text = "Konstakuten åäö 🎨 ".repeat(Math.ceil(1_048_576 / 18)).slice(0, 1_048_576);
    await store.append(id, [sampleEvent(1, { summary: text })], { expectedVersion: "no-stream" });
    const [stored] = await store.readStream(id);
    expect(stored?.data).toMatchObject({ summary: text });
  });

  it.each([
    ["data that is not an object", { type: "X", schemaVersion: 1, data: [1, 2] }],
    ["NaN in data", { type: "X", schemaVersion: 1, data: { amount: Number.NaN } }],
    ["a NUL character in data", { type: "X", schemaVersion: 1, data: { text: "a\u0000b" } }],
    ["a missing type", { schemaVersion: 1, data: {} }],
    ["a fractional schema version", { type: "X", schemaVersion: 1.5, data: {} }],
    ["an event id that is not a UUID", { eventId: "42", type: "X", schemaVersion: 1, data: {} }],
  ])("refuses %s with a typed error naming the field", async (_label, event) => {
    const { store } = harness();
    const id = uniqueStreamId("bad-event");
    const error = await store
      .append(id, [event as unknown as NewEvent], { expectedVersion: "any" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidStoreInputError);
    expect((error as InvalidStoreInputError).field).toMatch(/^events\[0\]/);
    expect(await store.readStream(id)).toEqual([]);
  });

  it.each([-1, 1.5, "latest", null])("refuses expected version %j", async (expectedVersion) => {
    const { store } = harness();
    const id = uniqueStreamId("bad-expected");
    await expect(store.append(id, sampleEvents(1), { expectedVersion } as never)).rejects.toBeInstanceOf(
      InvalidStoreInputError,
    );
    expect(await store.readStream(id)).toEqual([]);
  });

  it("refuses negative or fractional read options", async () => {
    const { store } = harness();
    const id = uniqueStreamId("bad-read");
    await expect(store.readStream(id, { limit: -1 })).rejects.toBeInstanceOf(InvalidStoreInputError);
    await expect(store.readStream(id, { fromVersion: 1.5 })).rejects.toBeInstanceOf(InvalidStoreInputError);
    await expect(store.readAll({ after: -3 })).rejects.toBeInstanceOf(InvalidStoreInputError);
  });
}
