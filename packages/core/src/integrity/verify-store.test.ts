import { husbyHistory, record } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { beforeAll, describe, expect, it } from "vitest";
import { AgreementCommandHandler } from "../command-handler.js";
import { CorruptEventError } from "../errors/index.js";
import type { StoredEvent } from "../store/envelope.js";
import type { Checkpoint } from "./checkpoint.js";
import { eventHash } from "./event-hash.js";
import { type FindingKind, type VerifiedStore, type VerifyReport, verifyStore } from "./verify-store.js";

/** The error a store gives for the row at `event`: its data is not JSON. */
const corrupt = (e: StoredEvent) =>
  new CorruptEventError(e.streamId, e.streamVersion, e.globalPosition, "data", "is not valid JSON");

/**
 * A read-only view of a list of rows, in the order given: a store someone edited. Its streams
 * read in version order; `streamRows` (default: the same rows) are what they read, for a store
 * that changes while it is verified.
 */
function storeOf(
  rows: readonly StoredEvent[],
  corruptAt?: number,
  streamRows: readonly StoredEvent[] = rows,
): Required<VerifiedStore> {
  return {
    readAll: async ({ after = 0, limit = 1000 } = {}) => {
      const next = rows.filter((e) => e.globalPosition > after).slice(0, limit);
      const bad = next.findIndex((e) => e.globalPosition === corruptAt);
      if (bad === 0) throw corrupt(next[0] as StoredEvent);
      return bad > 0 ? next.slice(0, bad) : next;
    },
    readStream: async (streamId, { fromVersion, direction = "forwards", limit = Infinity } = {}) => {
      const own = streamRows
        .filter((e) => e.streamId === streamId)
        .sort((a, b) => a.streamVersion - b.streamVersion);
      const bad = own.find((e) => e.globalPosition === corruptAt);
      if (bad !== undefined) throw corrupt(bad);
      const ordered =
        direction === "forwards"
          ? own.filter((e) => e.streamVersion >= (fromVersion ?? 1))
          : own.filter((e) => e.streamVersion <= (fromVersion ?? Infinity)).reverse();
      return ordered.slice(0, limit);
    },
  };
}

/**
 * `verifyStore` of the rows: with `readStream`, so that it lets each agreement's state go at
 * its stream's end, and with `readAll` alone, which holds every state. Both must say the same.
 */
async function verified(
  rows: readonly StoredEvent[],
  options: { checkpoint?: Checkpoint; corruptAt?: number } = {},
): Promise<VerifyReport> {
  const store = storeOf(rows, options.corruptAt);
  const report = await verifyStore(store, options);
  expect(await verifyStore({ readAll: store.readAll }, options)).toEqual(report);
  return report;
}

/** Rows with the given global positions reassigned in order, as a renumbering UPDATE leaves them. */
const positioned = (rows: readonly StoredEvent[]) => rows.map((e, i) => ({ ...e, globalPosition: i + 1 }));

let history: StoredEvent[];
let checkpoint: Checkpoint;

beforeAll(async () => {
  const store = createMemoryStore();
  await record(new AgreementCommandHandler({ store }), husbyHistory);
  history = await store.readAll({ limit: 10_000 });
  const report = await verifyStore(store);
  checkpoint = { origin: "test", size: report.size, rootHash: Buffer.from(report.rootHash, "hex") };
});

const kinds = async (
  rows: readonly StoredEvent[],
  options: { checkpoint?: Checkpoint; corruptAt?: number } = {},
) => (await verified(rows, options)).findings.map((f) => f.kind) as FindingKind[];

/** The first event of `type` in the history, and its index. */
const find = (type: string, nth = 0) => {
  const index = history.map((e, i) => [e, i] as const).filter(([e]) => e.type === type)[nth]?.[1] as number;
  return { index, event: history[index] as StoredEvent };
};

/**
 * The history with a second application of the first agreement sealed and chained onto its
 * stream's last event, last in global order: an event the decider refuses.
 */
function secondApplication(eventId: string) {
  const { event } = find("Applied");
  const last = history.filter((e) => e.streamId === event.streamId).at(-1) as StoredEvent;
  const unsealed = {
    ...event,
    eventId,
    streamVersion: last.streamVersion + 1,
    previousHash: last.hash,
    globalPosition: 10_000,
  };
  const forged = { ...unsealed, hash: eventHash(unsealed, unsealed.previousHash) };
  return { rows: [...history, forged], forged };
}

describe("verifyStore", () => {
  it("finds nothing in the real Husby history, and its root matches a checkpoint of itself", async () => {
    const report = await verified(history, { checkpoint });
    expect(report.findings).toEqual([]);
    expect(report.events).toBe(history.length);
    expect(report.agreements).toBeGreaterThan(3);
  });

  it("given a granted amount changed in place, reports that event as edited", async () => {
    const { index, event } = find("Granted");
    const rows = history.map((e, i) =>
      i === index ? { ...e, data: { ...(e.data as object), grantedKronor: 3_240_000 } } : e,
    );
    const report = await verified(rows);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: "edited",
        streamId: event.streamId,
        streamVersion: event.streamVersion,
      }),
    ]);
  });

  it("given metadata, recordedAt or an event id changed, reports each as edited", async () => {
    const { index } = find("Signed");
    for (const change of [
      { metadata: { actor: "someone-else" } },
      { recordedAt: "2019-01-01T00:00:00.000Z" },
      { eventId: "00000000-0000-7000-8000-000000000000" },
    ])
      expect(await kinds(history.map((e, i) => (i === index ? { ...e, ...change } : e)))).toEqual(["edited"]);
  });

  it("given an edit whose hash was recomputed, reports the chain broken at the next event", async () => {
    const { index, event } = find("Granted");
    const edited = { ...event, data: { ...(event.data as object), grantedKronor: 3_240_000 } };
    const resealed = { ...edited, hash: eventHash(edited, edited.previousHash) };
    const report = await verified(history.map((e, i) => (i === index ? resealed : e)));
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: "broken-chain",
        streamId: event.streamId,
        streamVersion: event.streamVersion + 1,
      }),
    ]);
  });

  it("given a middle event deleted, reports it deleted; with the rest renumbered, too", async () => {
    const { index, event } = find("Signed");
    const gap = history.filter((_, i) => i !== index);
    expect(await kinds(gap)).toContain("deleted");
    const renumbered = gap.map((e) =>
      e.streamId === event.streamId && e.streamVersion > event.streamVersion
        ? { ...e, streamVersion: e.streamVersion - 1 }
        : e,
    );
    const found = (await verified(positioned(renumbered))).findings;
    expect(found[0]).toMatchObject({
      kind: "deleted",
      streamId: event.streamId,
      streamVersion: event.streamVersion,
    });
  });

  it("given two reports swapped with their positions, reports the later one reordered", async () => {
    const first = find("PeriodReported", 0);
    const second = history.findIndex(
      (e, i) => i > first.index && e.streamId === first.event.streamId && e.type === "PeriodReported",
    );
    const rows = [...history];
    [rows[first.index], rows[second]] = [rows[second] as StoredEvent, rows[first.index] as StoredEvent];
    expect(await kinds(positioned(rows))).toEqual(["reordered"]);
  });

  it("given the last event or a whole stream deleted, reports it against a kept checkpoint", async () => {
    expect(await kinds(history.slice(0, -1))).toEqual([]);
    expect(await kinds(history.slice(0, -1), { checkpoint })).toEqual(["deleted"]);
    const stream = history[0]?.streamId;
    expect(await kinds(positioned(history.filter((e) => e.streamId !== stream)), { checkpoint })).toEqual([
      "deleted",
    ]);
  });

  it("given a forged event with a hash of its own chained in, the checkpoint refuses the store", async () => {
    const { index, event } = find("Signed");
    const last = history.filter((e) => e.streamId === event.streamId).at(-1) as StoredEvent;
    const forged = {
      ...last,
      eventId: "00000000-0000-7000-8000-00000000f0f0",
      streamVersion: last.streamVersion + 1,
      previousHash: last.hash,
    };
    const sealed = { ...forged, hash: eventHash(forged, forged.previousHash) };
    const rows = positioned([...history.slice(0, index + 1), sealed, ...history.slice(index + 1)]);
    expect(await kinds(rows, { checkpoint })).toContain("checkpoint");
  });

  it("given a forged event the decider would refuse, sealed and chained, reports a lifecycle break", async () => {
    const { rows } = secondApplication("00000000-0000-7000-8000-00000000f0f1");
    const report = await verified(rows);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: "lifecycle", code: expect.any(String) }),
    ]);
  });

  it("reads past a corrupt row, reports it, and cannot vouch for a checkpoint over it", async () => {
    const position = (history[3] as StoredEvent).globalPosition;
    expect(await kinds(history, { corruptAt: position })).toEqual(["corrupt-row"]);
    expect(await kinds(history, { corruptAt: position, checkpoint })).toEqual(["corrupt-row", "checkpoint"]);
  });

  it("passes every event of an agreement stream to checkEvent, with the state before it", async () => {
    const seen: string[] = [];
    await verifyStore(storeOf(history), {
      checkEvent: (event, before) => {
        seen.push(`${event.type}:${before.status}`);
        return event.type === "Evaluated" ? [{ code: "TEST_RULE", message: "refused by the test" }] : [];
      },
    }).then((r) => expect(r.findings.every((f) => f.kind === "rule" && f.code === "TEST_RULE")).toBe(true));
    expect(seen).toHaveLength(history.length);
  });

  it("re-decides an event appended after it checked its stream's last event, on the state read again", async () => {
    // Appended while verify reads: the stream had ended when verify met it.
    const { rows, forged } = secondApplication("00000000-0000-7000-8000-00000000f0f2");
    const asked: string[] = [];
    const store = storeOf(rows, undefined, history);
    const report = await verifyStore({
      readAll: store.readAll,
      readStream: (id, o) => {
        asked.push(`${id} ${o?.direction ?? "forwards"}`);
        return store.readStream(id, o);
      },
    });
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: "lifecycle", streamVersion: forged.streamVersion }),
    ]);
    // One head per agreement, then the late event's stream read again, once.
    expect(asked.filter((a) => a.endsWith("backwards"))).toHaveLength(report.agreements);
    expect(asked.filter((a) => a.endsWith("forwards"))).toEqual([`${forged.streamId} forwards`]);
  });
});
