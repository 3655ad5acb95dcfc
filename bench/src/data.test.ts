import {
  agreementStreamId,
  decide,
  decodeEvent,
  eventHash,
  fold,
  GENESIS_HASH,
  initialState,
  isDomainError,
  type RecordedEvent,
} from "@iop/core";
import { describe, expect, it } from "vitest";
import {
  agreementIdOf,
  batchedAppends,
  commandOf,
  commandSequence,
  eventOf,
  fingerprint,
  reportPeriod,
  singleAppends,
  streamIdOf,
} from "./data.js";

const shape = { streams: 7, eventsPerStream: 12 };

describe("the workload data", () => {
  it("is the same every time it is generated (so every contender gets the same)", () => {
    expect(singleAppends(shape)).toEqual(singleAppends(shape));
    expect(batchedAppends(shape, 5)).toEqual(batchedAppends(shape, 5));
    expect(commandSequence(4, 6)).toEqual(commandSequence(4, 6));
    expect(fingerprint(batchedAppends(shape, 5))).toBe(fingerprint(batchedAppends(shape, 5)));
    expect(fingerprint(batchedAppends(shape, 5))).not.toBe(fingerprint(batchedAppends(shape, 4)));
  });

  it("holds the same events whether appended one by one or in batches", () => {
    const single = singleAppends(shape);
    const batched = batchedAppends(shape, 5);
    expect(single).toHaveLength(shape.streams * shape.eventsPerStream);
    const key = (stream: number, version: number) => `${stream}/${version}`;
    const fromSingle = new Map(single.map((a) => [key(a.stream, a.expectedVersion + 1), a.event]));
    const fromBatched = new Map(
      batched.flatMap((b) => b.events.map((e, i) => [key(b.stream, b.expectedVersion + i + 1), e] as const)),
    );
    expect(fromSingle).toEqual(fromBatched);
  });

  it("appends one by one round-robin, each at the version its stream has reached", () => {
    const single = singleAppends(shape);
    expect(single.slice(0, 3).map((a) => [a.stream, a.expectedVersion])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
    expect(single[shape.streams]).toMatchObject({ stream: 0, expectedVersion: 1 });
    expect(singleAppends(shape, 10)).toEqual(single.slice(0, 10));
  });

  it("batches a stream's events in order, the last batch holding the remainder", () => {
    const batched = batchedAppends({ streams: 2, eventsPerStream: 12 }, 5);
    expect(batched.map((b) => [b.stream, b.expectedVersion, b.events.length])).toEqual([
      [0, 0, 5],
      [0, 5, 5],
      [0, 10, 2],
      [1, 0, 5],
      [1, 5, 5],
      [1, 10, 2],
    ]);
  });

  it("consists of valid IOP events: each decodes with the core's codec", () => {
    let previousHash = GENESIS_HASH;
    for (let version = 1; version <= 15; version++) {
      const event = eventOf(3, version);
      const envelope = {
        ...event,
        data: event.data as never,
        eventId: "00000000-0000-4000-8000-000000000000",
        streamId: streamIdOf(3),
        streamVersion: version,
        globalPosition: version,
        metadata: {},
        recordedAt: "2024-01-01T00:00:00.000Z",
      };
      const hash = eventHash(envelope, previousHash);
      const decoded = decodeEvent({ ...envelope, previousHash, hash });
      expect(decoded.type).toBe(event.type);
      previousHash = hash;
    }
  });

  it("is what the commands record: decide accepts each command and records exactly the event", () => {
    let state = initialState;
    for (let n = 0; n < 15; n++) {
      const decided = decide(commandOf(5, n), state);
      if (isDomainError(decided)) throw decided;
      const expected = eventOf(5, n + 1);
      expect(decided).toEqual([{ type: expected.type, data: expected.data }]);
      state = fold(decided as RecordedEvent[], state);
    }
    expect(state.status).toBe("signed");
    expect(state.reports).toHaveLength(12);
  });

  it("runs the commands in rounds over the agreements", () => {
    const commands = commandSequence(3, 2);
    expect(commands.map((c) => [c.agreement, c.command.type])).toEqual([
      [0, "Apply"],
      [1, "Apply"],
      [2, "Apply"],
      [0, "Grant"],
      [1, "Grant"],
      [2, "Grant"],
    ]);
  });

  it("names agreements and streams the core's way", () => {
    expect(streamIdOf(42)).toBe(agreementStreamId(agreementIdOf(42)));
    expect(agreementIdOf(42)).toBe("bench-0000042");
  });

  it("reports months back to back, across years", () => {
    expect(reportPeriod(0)).toEqual({ start: "2020-01-01", end: "2020-01-31" });
    expect(reportPeriod(1)).toEqual({ start: "2020-02-01", end: "2020-02-29" });
    expect(reportPeriod(13)).toEqual({ start: "2021-02-01", end: "2021-02-28" });
  });
});
