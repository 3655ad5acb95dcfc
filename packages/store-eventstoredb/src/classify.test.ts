import * as esdb from "@eventstore/db-client";
import * as kurrent from "@kurrent/kurrentdb-client";
import { describe, expect, it } from "vitest";
import {
  actualVersionOfConflict,
  appendTooLargeReason,
  classifyEventStoreDbError,
  isConflict,
  isStreamNotFound,
} from "./classify.js";

/** A gRPC error as @grpc/grpc-js produces it (the ServiceError the client's error classes take). */
function grpcError(code: number, details: string, metadata: Record<string, string> = {}): never {
  return Object.assign(new Error(`${code} ${details}`), {
    code,
    details,
    metadata: { getMap: () => metadata },
  }) as never;
}

const leader = { "leader-endpoint-host": "node-2", "leader-endpoint-port": "2113" };

describe.each([
  ["@eventstore/db-client", esdb as typeof esdb | typeof kurrent],
  ["@kurrent/kurrentdb-client", kurrent],
] as const)("the errors of %s", (_name, client) => {
  describe("unavailable: the core's StoreUnavailableError", () => {
    it.each([
      [
        "UnavailableError",
        () => new client.UnavailableError(undefined, "14 UNAVAILABLE: No connection established"),
      ],
      ["UnavailableError without a message", () => new client.UnavailableError()],
      ["DeadlineExceededError", () => new client.DeadlineExceededError(undefined, "deadline exceeded")],
      ["TimeoutError", () => new client.TimeoutError(undefined, "timed out")],
      ["NotLeaderError", () => new client.NotLeaderError(grpcError(5, "not leader", leader))],
      [
        "a raw code-14 gRPC error as the client converts it",
        () => client.convertToCommandError(grpcError(14, "UNAVAILABLE: No connection established")),
      ],
    ])("%s", (_label, make) => {
      const error = make();
      expect(classifyEventStoreDbError(error)).toMatchObject({ kind: "unavailable" });
      expect(classifyEventStoreDbError(error)?.detail).not.toBe("");
    });
  });

  it("access denied: the client's AccessDeniedError", () => {
    const error = new client.AccessDeniedError(grpcError(7, "PERMISSION_DENIED: Access denied"));
    expect(classifyEventStoreDbError(error)).toEqual({
      kind: "access-denied",
      detail: "7 PERMISSION_DENIED: Access denied",
    });
  });

  it("not found: the client's NotFoundError", () => {
    expect(classifyEventStoreDbError(new client.NotFoundError(undefined, "no such thing"))).toEqual({
      kind: "not-found",
      detail: "no such thing",
    });
  });

  it("leaves to the core what it has no name for", () => {
    expect(classifyEventStoreDbError(new client.UnknownError(undefined, "boom"))).toBeUndefined();
    expect(
      classifyEventStoreDbError(client.StreamDeletedError.fromStreamName("agreement-1")),
    ).toBeUndefined();
    expect(classifyEventStoreDbError(new client.CancelledError(undefined, "cancelled"))).toBeUndefined();
  });

  it("recognises a read of a stream that does not exist, and nothing else as one", () => {
    expect(isStreamNotFound(new client.StreamNotFoundError(undefined, "agreement-1"))).toBe(true);
    expect(isStreamNotFound(client.StreamDeletedError.fromStreamName("agreement-1"))).toBe(false);
    expect(
      classifyEventStoreDbError(new client.StreamNotFoundError(undefined, "agreement-1")),
    ).toBeUndefined();
  });

  it("refuses an append above the server's MaxAppendSize as too large, naming the limit", () => {
    const error = client.MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576);
    expect(appendTooLargeReason(error)).toContain("1048576 bytes");
    expect(appendTooLargeReason(error)).toContain("MaxAppendSize");
    expect(appendTooLargeReason(new client.UnknownError())).toBeUndefined();
  });
});

describe("conflicts (WrongExpectedVersionError) of both clients", () => {
  // The clients name the actual revision differently: `actualVersion` and `actualState`.
  const conflicts = (current: bigint | "no_stream") => [
    new esdb.WrongExpectedVersionError(undefined, { streamName: "a", expected: esdb.NO_STREAM, current }),
    new kurrent.WrongExpectedVersionError(undefined, {
      streamName: "a",
      expected: kurrent.NO_STREAM,
      current,
    }),
  ];

  it("report the stream's actual version as its revision + 1", () => {
    for (const error of conflicts(2n)) {
      expect(isConflict(error)).toBe(true);
      expect(actualVersionOfConflict(error)).toBe(3);
      expect(classifyEventStoreDbError(error)).toBeUndefined();
    }
  });

  it("report a stream that does not exist as version 0", () => {
    for (const error of [...conflicts("no_stream"), ...conflicts(-1n)]) {
      expect(actualVersionOfConflict(error)).toBe(0);
    }
  });

  it("are told apart from other errors", () => {
    expect(isConflict(new esdb.UnknownError())).toBe(false);
    expect(actualVersionOfConflict(new kurrent.UnknownError())).toBeUndefined();
    expect(isConflict({ type: "wrong-expected-version" })).toBe(false);
  });
});

describe("what the clients throw unconverted", () => {
  it.each([
    ["a raw gRPC error with code 14 (the capability probe's)", grpcError(14, "UNAVAILABLE: ECONNREFUSED")],
    ["a raw gRPC error with code 4", grpcError(4, "DEADLINE_EXCEEDED")],
    [
      "a socket error",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:2113"), { code: "ECONNREFUSED" }),
    ],
    ["a failed cluster discovery", new Error("Failed to discover after 10 attempts.")],
  ])("unavailable: %s", (_label, error) => {
    expect(classifyEventStoreDbError(error)).toMatchObject({ kind: "unavailable" });
  });

  it.each([
    ["code 7 (PERMISSION_DENIED)", grpcError(7, "PERMISSION_DENIED")],
    ["code 16 (UNAUTHENTICATED: wrong credentials)", grpcError(16, "UNAUTHENTICATED")],
  ])("access denied: a raw gRPC error with %s", (_label, error) => {
    expect(classifyEventStoreDbError(error)).toMatchObject({ kind: "access-denied" });
  });

  it("nothing else", () => {
    expect(classifyEventStoreDbError(grpcError(2, "UNKNOWN"))).toBeUndefined();
    expect(classifyEventStoreDbError(new Error("boom"))).toBeUndefined();
    expect(classifyEventStoreDbError({ type: "unavailable" })).toBeUndefined();
    expect(classifyEventStoreDbError("a string")).toBeUndefined();
    expect(classifyEventStoreDbError(undefined)).toBeUndefined();
  });
});
