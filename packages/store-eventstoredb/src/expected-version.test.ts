import * as esdb from "@eventstore/db-client";
import type { DriverAppend, SealedEvent } from "@iop/core/adapter-kit";
import * as kurrent from "@kurrent/kurrentdb-client";
import { describe, expect, it } from "vitest";
import { expectedRevisionOf, revisionOfVersion, streamVersionOfRevision } from "./expected-version.js";

/** An append as the core makes it: a batch of `count` events sealed onto version `before`. */
function appendAt(before: number, count: number, expectedVersion: DriverAppend["expectedVersion"]) {
  const events = Array.from({ length: count }, (_, i) => ({ streamVersion: before + i + 1 }) as SealedEvent);
  return { expectedVersion, events };
}

describe.each([
  ["@eventstore/db-client", esdb],
  ["@kurrent/kurrentdb-client", kurrent],
] as const)("the expected revision of an append, for %s", (_name, client) => {
  it.each([
    [0, "no-stream", client.NO_STREAM],
    [1, 1, 0n],
    [2, 2, 1n],
    [1000, 1000, 999n],
    [Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER - 1, BigInt(Number.MAX_SAFE_INTEGER) - 2n],
  ] as const)("is exactly the version before the batch: %j → %s", (before, expected, revision) => {
    expect(expectedRevisionOf(appendAt(before, 1, expected))).toBe(revision);
    expect(expectedRevisionOf(appendAt(before, 3, expected))).toBe(revision);
  });
});

describe("an append that does not expect the version its batch was sealed onto", () => {
  it.each([
    ["a different version", appendAt(4, 2, 3)],
    ["no stream, onto an existing one", appendAt(4, 1, "no-stream")],
    ["a version, onto no stream", appendAt(0, 1, 1)],
  ])("is refused, not sent without the exact check: %s", (_label, append) => {
    expect(() => expectedRevisionOf(append)).toThrow(/exactly/);
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
