import * as esdb from "@eventstore/db-client";
import * as kurrent from "@kurrent/kurrentdb-client";
import { describe, expect, it } from "vitest";
import { revisionOfVersion, streamVersionOfRevision, toExpectedRevision } from "./expected-version.js";

describe.each([
  ["@eventstore/db-client", esdb],
  ["@kurrent/kurrentdb-client", kurrent],
] as const)("expected version → the expected revision of %s", (_name, client) => {
  it.each([
    [0, client.NO_STREAM],
    [1, 0n],
    [2, 1n],
    [1000, 999n],
    [Number.MAX_SAFE_INTEGER, BigInt(Number.MAX_SAFE_INTEGER) - 1n],
    ["no-stream", client.NO_STREAM],
    ["stream-exists", client.STREAM_EXISTS],
    ["any", client.ANY],
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
    expect(streamVersionOfRevision(esdb.NO_STREAM)).toBe(0);
    expect(streamVersionOfRevision(kurrent.NO_STREAM)).toBe(0);
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
