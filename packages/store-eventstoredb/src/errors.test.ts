import {
  AccessDeniedError,
  convertToCommandError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import { ConcurrencyError, InvalidStoreInputError, StoreClosedError, StoreUnavailableError } from "@iop/core";
import { describe, expect, it } from "vitest";
import { isUnavailable, toStoreError } from "./errors.js";

/** @grpc/grpc-js's ServiceError, as the client's error classes take it. */
type ServiceError = ConstructorParameters<typeof NotLeaderError>[0];

/** A gRPC error as @grpc/grpc-js produces it when no connection can be made. */
function grpcError(code: number, details: string): ServiceError {
  return Object.assign(new Error(`${code} ${details}`), {
    code,
    details,
    metadata: { getMap: () => ({}) },
  }) as unknown as ServiceError;
}

function wrongExpectedVersion(current: bigint | typeof NO_STREAM): WrongExpectedVersionError {
  return new WrongExpectedVersionError(undefined, {
    streamName: "tenant/agreement-1",
    expected: NO_STREAM,
    current,
  });
}

describe("WrongExpectedVersionError → ConcurrencyError", () => {
  it("reports the caller's stream id and expected version, and the actual version as revision + 1", () => {
    const mapped = toStoreError(wrongExpectedVersion(2n), {
      streamId: "agreement-1",
      expectedVersion: "no-stream",
    });
    expect(mapped).toBeInstanceOf(ConcurrencyError);
    expect(mapped).toMatchObject({
      streamId: "agreement-1",
      expected: "no-stream",
      actual: 3,
      code: "CONCURRENCY_CONFLICT",
    });
  });

  it("reports a stream that does not exist as version 0", () => {
    const mapped = toStoreError(wrongExpectedVersion(NO_STREAM), {
      streamId: "agreement-1",
      expectedVersion: "stream-exists",
    });
    expect(mapped).toMatchObject({ expected: "stream-exists", actual: 0 });
    expect(toStoreError(wrongExpectedVersion(-1n), { streamId: "a", expectedVersion: 4 })).toMatchObject({
      expected: 4,
      actual: 0,
    });
  });

  it("falls back to the EventStoreDB stream name without context", () => {
    expect(toStoreError(wrongExpectedVersion(0n))).toMatchObject({
      streamId: "tenant/agreement-1",
      actual: 1,
    });
  });
});

describe("unreachable server → StoreUnavailableError", () => {
  it.each([
    [
      "the client's UnavailableError",
      new UnavailableError(undefined, "14 UNAVAILABLE: No connection established"),
    ],
    ["the client's DeadlineExceededError", new DeadlineExceededError(undefined, "deadline exceeded")],
    [
      "the client's NotLeaderError",
      new NotLeaderError({
        metadata: { getMap: () => ({ "leader-endpoint-host": "node-2", "leader-endpoint-port": "2113" }) },
      } as unknown as ServiceError),
    ],
    ["a raw gRPC error with code 14 (the capability probe's)", grpcError(14, "UNAVAILABLE: ECONNREFUSED")],
    ["a raw gRPC error with code 4", grpcError(4, "DEADLINE_EXCEEDED")],
    [
      "a socket error",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:2113"), { code: "ECONNREFUSED" }),
    ],
    ["a failed cluster discovery", new Error("Failed to discover after 10 attempts.")],
  ])("%s", (_label, error) => {
    expect(isUnavailable(error)).toBe(true);
    const mapped = toStoreError(error);
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect((mapped as StoreUnavailableError).cause).toBe(error);
    expect((mapped as StoreUnavailableError).code).toBe("STORE_UNAVAILABLE");
  });

  it("as the client itself converts a raw code-14 gRPC error", () => {
    const converted = convertToCommandError(grpcError(14, "UNAVAILABLE: No connection established"));
    expect(converted).toBeInstanceOf(UnavailableError);
    expect(toStoreError(converted)).toBeInstanceOf(StoreUnavailableError);
  });
});

describe("other errors", () => {
  it("a batch beyond the server's maximum append size is refused input", () => {
    const mapped = toStoreError(MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576));
    expect(mapped).toBeInstanceOf(InvalidStoreInputError);
    expect(mapped).toMatchObject({ field: "events" });
    expect((mapped as Error).message).toContain("1048576");
  });

  it("passes this library's errors and anything unknown through unchanged", () => {
    const closed = new StoreClosedError();
    expect(toStoreError(closed)).toBe(closed);
    const denied = new AccessDeniedError(grpcError(7, "PERMISSION_DENIED"));
    expect(toStoreError(denied)).toBe(denied);
    const notFound = new StreamNotFoundError(undefined, "agreement-1");
    expect(toStoreError(notFound)).toBe(notFound);
    const plain = new Error("boom");
    expect(toStoreError(plain)).toBe(plain);
    expect(toStoreError("a string")).toBe("a string");
    expect(isUnavailable(undefined)).toBe(false);
    expect(isUnavailable(grpcError(2, "UNKNOWN"))).toBe(false);
  });
});
