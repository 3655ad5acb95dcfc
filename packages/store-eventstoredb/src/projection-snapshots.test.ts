import type { ProjectionSnapshot } from "@iop/core";
import { describe, expect, it } from "vitest";
import type { EsdbJsonEventData, EsdbRecordedEvent } from "./client.js";
import {
  deletedEvent,
  PROJECTION_STREAM_PREFIX,
  projectionStreamName,
  snapshotEvent,
  snapshotOf,
} from "./projection-snapshots.js";

const id = "0190f1c2-7b3a-7cde-8f00-1234567890ab";

/** `written` as a client reads it back from stream `streamId`. */
function readBack(written: EsdbJsonEventData, streamId = "iop-projection-totals"): EsdbRecordedEvent {
  return {
    streamId,
    id: written.id,
    revision: 3n,
    type: written.type,
    isJson: true,
    data: JSON.parse(JSON.stringify(written.data)),
    metadata: JSON.parse(JSON.stringify(written.metadata)),
    created: new Date(),
  };
}

describe("projection streams", () => {
  it("are named after the projection, after the namespace, without a leading $", () => {
    expect(projectionStreamName("", "totals")).toBe("iop-projection-totals");
    expect(projectionStreamName("tenant-a/", "$odd name")).toBe("tenant-a/iop-projection-$odd name");
    expect(PROJECTION_STREAM_PREFIX.startsWith("$")).toBe(false);
  });
});

describe("projection snapshots", () => {
  it.each<[string, ProjectionSnapshot["state"]]>([
    ["an object", { "Husby Konst- och Hantverksförening": { kronor: 324000 } }],
    ["an array", [1, "två"]],
    ["a string", "state"],
    ["null", null],
  ])("round-trip with %s as state", (_label, state) => {
    const snapshot = { name: "totals", version: 3, checkpoint: 42, state };
    const written = snapshotEvent(id, snapshot, JSON.stringify(state));
    expect(written.metadata).toEqual({});
    expect(snapshotOf("totals", readBack(written))).toEqual(snapshot);
  });

  it("read as nothing after a deletion", () => {
    expect(snapshotOf("totals", readBack(deletedEvent(id, "totals")))).toBeUndefined();
  });

  it.each<[string, Partial<EsdbRecordedEvent>]>([
    ["another projection's snapshot", { data: { name: "other", version: 1, checkpoint: 1, state: {} } }],
    ["a snapshot without a checkpoint", { data: { name: "totals", version: 1, state: {} } }],
    ["a snapshot without state", { data: { name: "totals", version: 1, checkpoint: 1 } }],
    ["a fractional version", { data: { name: "totals", version: 1.5, checkpoint: 1, state: {} } }],
    ["an event of another type", { type: "SomethingElse" }],
    ["a binary event", { isJson: false, data: new Uint8Array([1]) }],
    ["unparsed data", { data: '{"broken' }],
  ])("refuse %s, naming the stream", (_label, overrides) => {
    const written = snapshotEvent(id, { name: "totals", version: 1, checkpoint: 1, state: {} }, "{}");
    expect(() => snapshotOf("totals", { ...readBack(written), ...overrides })).toThrow(
      /stream "iop-projection-totals".*not a snapshot of projection "totals"/,
    );
  });
});
