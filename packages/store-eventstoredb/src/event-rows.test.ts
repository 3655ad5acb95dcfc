import type { SealedEvent } from "@iop/core/adapter-kit";
import { describe, expect, it } from "vitest";
import type { EsdbRecordedEvent } from "./client.js";
import { eventDataOf, rowOf } from "./event-rows.js";

const sealed: SealedEvent = {
  eventId: "0190f1c2-7b3a-7cde-8f00-1234567890ab",
  type: "PeriodReported",
  schemaVersion: 2,
  dataJson: '{"förening":"Husby","kronor":324000,"nested":{"list":[1,"två",null]}}',
  metadataJson: '{"actor":"Åsa","correlationId":"corr-1"}',
  streamVersion: 5,
  recordedAt: "2022-03-24T20:00:00.000Z",
  previousHash: "3a".repeat(32),
  hash: "c4".repeat(32),
};

/** The event as a client reads back what `eventDataOf(sealed)` wrote, created by the server later. */
function recorded(overrides: Partial<EsdbRecordedEvent> = {}): EsdbRecordedEvent {
  const written = eventDataOf(sealed);
  return {
    streamId: "tenant/agreement-1",
    id: written.id,
    revision: 4n,
    type: written.type,
    isJson: true,
    data: JSON.parse(JSON.stringify(written.data)),
    metadata: JSON.parse(JSON.stringify(written.metadata)),
    created: new Date("2024-05-06T07:08:09.123Z"),
    ...overrides,
  };
}

/** What the adapter wrote before it kept the hash chain: no record time or hashes in the envelope. */
const legacyMetadata = { schemaVersion: 2, meta: JSON.parse(sealed.metadataJson), $correlationId: "corr-1" };

describe("events written", () => {
  it("carry the core's data and the metadata envelope, with the record time and hashes, as JSON", () => {
    const written = eventDataOf(sealed);
    expect(written).toEqual({
      id: sealed.eventId,
      contentType: "application/json",
      type: "PeriodReported",
      data: JSON.parse(sealed.dataJson),
      metadata: {
        schemaVersion: 2,
        meta: JSON.parse(sealed.metadataJson),
        recordedAt: sealed.recordedAt,
        previousHash: sealed.previousHash,
        hash: sealed.hash,
        $correlationId: "corr-1",
      },
    });
  });
});

describe("rows read", () => {
  it("give back what was written, as JSON text, at revision + 1 and the given position", () => {
    const row = rowOf("agreement-1", recorded(), 5150);
    expect(row).toEqual({
      eventId: sealed.eventId,
      streamId: "agreement-1",
      streamVersion: 5,
      globalPosition: 5150,
      type: "PeriodReported",
      schemaVersion: 2,
      data: sealed.dataJson,
      metadata: sealed.metadataJson,
      recordedAt: sealed.recordedAt,
      previousHash: sealed.previousHash,
      hash: sealed.hash,
    });
  });

  it("take the record time from the envelope, never from the server's created time", () => {
    expect(rowOf("agreement-1", recorded({ created: new Date(Number.NaN) }), 7)).toMatchObject({
      recordedAt: sealed.recordedAt,
    });
  });

  it.each([
    ["a binary event", { isJson: false, data: new Uint8Array([1]) }],
    ["an event without metadata", { metadata: undefined }],
    ["an event with another application's metadata", { metadata: { $correlationId: "x" } }],
    ["an event with metadata that is not JSON", { metadata: new Uint8Array([0x7b]) }],
  ])("are foreign for %s", (_label, overrides) => {
    expect(rowOf("agreement-1", recorded(overrides), 1)).toBe("foreign");
  });

  it("say when the server reported no position", () => {
    expect(rowOf("agreement-1", recorded(), undefined)).toBe("no-position");
  });

  it("pass on data the client could not parse as its raw text, for the core to report", () => {
    const row = rowOf("agreement-1", recorded({ data: '{"broken' }), 7);
    expect(row).toMatchObject({ data: '{"broken' });
    expect(rowOf("agreement-1", recorded({ data: [1, 2] }), 7)).toMatchObject({ data: "[1,2]" });
  });
});

describe("rows of events written before the hash chain", () => {
  it("keep the record time they had, the server's created time, and have empty hashes", () => {
    const row = rowOf("agreement-1", recorded({ metadata: legacyMetadata }), 5150);
    expect(row).toMatchObject({
      streamVersion: 5,
      metadata: sealed.metadataJson,
      recordedAt: "2024-05-06T07:08:09.123Z",
      previousHash: "",
      hash: "",
    });
  });

  it("leave the record time empty when the server sent none", () => {
    const row = rowOf(
      "agreement-1",
      recorded({ metadata: legacyMetadata, created: new Date(Number.NaN) }),
      7,
    );
    expect(row).toMatchObject({ recordedAt: "", hash: "" });
  });
});
