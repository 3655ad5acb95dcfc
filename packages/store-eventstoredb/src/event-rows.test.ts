import type { PreparedEvent } from "@iop/core/adapter-kit";
import { describe, expect, it } from "vitest";
import type { EsdbRecordedEvent } from "./client.js";
import { eventDataOf, rowOf } from "./event-rows.js";

const prepared: PreparedEvent = {
  eventId: "0190f1c2-7b3a-7cde-8f00-1234567890ab",
  type: "PeriodReported",
  schemaVersion: 2,
  dataJson: '{"kronor":324000,"förening":"Husby","nested":{"list":[1,"två",null]}}',
  metadataJson: '{"actor":"Åsa","correlationId":"corr-1"}',
};

/** The event as a client reads back what `eventDataOf(prepared)` wrote. */
function recorded(overrides: Partial<EsdbRecordedEvent> = {}): EsdbRecordedEvent {
  const written = eventDataOf(prepared);
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

describe("events written", () => {
  it("carry the core's data and the metadata envelope as JSON", () => {
    const written = eventDataOf(prepared);
    expect(written).toEqual({
      id: prepared.eventId,
      contentType: "application/json",
      type: "PeriodReported",
      data: JSON.parse(prepared.dataJson),
      metadata: { schemaVersion: 2, meta: JSON.parse(prepared.metadataJson), $correlationId: "corr-1" },
    });
  });
});

describe("rows read", () => {
  it("give back what was written, as JSON text, at revision + 1 and the given position", () => {
    const row = rowOf("agreement-1", recorded(), 5150);
    expect(row).toEqual({
      eventId: prepared.eventId,
      streamId: "agreement-1",
      streamVersion: 5,
      globalPosition: 5150,
      type: "PeriodReported",
      schemaVersion: 2,
      data: prepared.dataJson,
      metadata: prepared.metadataJson,
      recordedAt: "2024-05-06T07:08:09.123Z",
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

  it("leave the record time empty, for the core to report, when the server sent none", () => {
    expect(rowOf("agreement-1", recorded({ created: new Date(Number.NaN) }), 7)).toMatchObject({
      recordedAt: "",
    });
  });
});
