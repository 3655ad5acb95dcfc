import { ANY, NO_STREAM, STREAM_EXISTS } from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import { revisionOfVersion, streamVersionOfRevision, toExpectedRevision } from "./expected-version.js";

describe("expected version → expectedRevision", () => {
  it.each([
    [0, NO_STREAM],
    [1, 0n],
    [2, 1n],
    [1000, 999n],
    [Number.MAX_SAFE_INTEGER, BigInt(Number.MAX_SAFE_INTEGER) - 1n],
    ["no-stream", NO_STREAM],
    ["stream-exists", STREAM_EXISTS],
    ["any", ANY],
  ] as const)("%j → %s", (expected, revision) => {
    expect(toExpectedRevision(expected)).toBe(revision);
  });
});

describe("stream version ↔ revision", () => {
  it("a version is its revision + 1", () => {
    expect(revisionOfVersion(1)).toBe(0n);
    expect(revisionOfVersion(42)).toBe(41n);
    expect(streamVersionOfRevision(0n)).toBe(1);
    expect(streamVersionOfRevision(41n)).toBe(42);
  });

  it("a stream that does not exist is at version 0", () => {
    expect(streamVersionOfRevision(NO_STREAM)).toBe(0);
    expect(streamVersionOfRevision(-1n)).toBe(0);
  });

  it("round-trips", () => {
    for (const version of [1, 2, 3, 10, 12345, 2 ** 40]) {
      expect(streamVersionOfRevision(revisionOfVersion(version))).toBe(version);
    }
  });

  it("refuses what has no revision or no exact number", () => {
    expect(() => revisionOfVersion(0)).toThrow(RangeError);
    expect(() => revisionOfVersion(1.5)).toThrow(RangeError);
    expect(() => streamVersionOfRevision(BigInt(Number.MAX_SAFE_INTEGER))).toThrow(RangeError);
    expect(streamVersionOfRevision(BigInt(Number.MAX_SAFE_INTEGER) - 1n)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
