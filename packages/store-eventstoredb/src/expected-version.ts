import type { EsdbCurrentRevision, EsdbExpectedRevision } from "./client.js";

/*
 * Our stream versions count events from 1; EventStoreDB revisions count them from 0. So the
 * version of an event is its revision + 1, and a stream's version is its last revision + 1
 * (0 when it does not exist).
 */

/**
 * The EventStoreDB expected revision of an append that expects `expected`:
 *
 * | ours            | EventStoreDB      |
 * | --------------- | ----------------- |
 * | `0`             | `no_stream`       |
 * | `N` (N ≥ 1)     | revision `N - 1`  |
 * | `no-stream`     | `no_stream`       |
 * | `stream-exists` | `stream_exists`   |
 * | `any`           | `any`             |
 *
 * `expected` has passed the core's checks.
 */
export function toExpectedRevision(
  expected: number | "no-stream" | "stream-exists" | "any",
): EsdbExpectedRevision {
  switch (expected) {
    case "any":
      return "any";
    case "no-stream":
      return "no_stream";
    case "stream-exists":
      return "stream_exists";
    default:
      return expected === 0 ? "no_stream" : revisionOfVersion(expected);
  }
}

/** The revision (0-based) of the event at stream version `version` (1-based). */
export function revisionOfVersion(version: number): bigint {
  if (!Number.isSafeInteger(version) || version < 1)
    throw new RangeError(`A stream version must be a positive integer (got ${version})`);
  return BigInt(version - 1);
}

/**
 * The stream version of a stream whose last revision is `revision`: revision + 1, or 0 when
 * the stream does not exist (`no_stream`, or the `-1` some servers and client paths use for it).
 */
export function streamVersionOfRevision(revision: EsdbCurrentRevision): number {
  if (revision === "no_stream" || revision < 0n) return 0;
  const version = revision + 1n;
  if (version > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`Stream revision ${revision} is beyond what a JavaScript number holds exactly`);
  return Number(version);
}
