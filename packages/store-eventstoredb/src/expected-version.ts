import type { DriverAppend } from "@iop/core/adapter-kit";
import type { EsdbCurrentRevision, EsdbExpectedRevision } from "./client.js";

/*
 * Our stream versions count events from 1; EventStoreDB revisions count them from 0. So the
 * version of an event is its revision + 1, and a stream's version is its last revision + 1
 * (0 when it does not exist).
 */

/**
 * The EventStoreDB expected revision of an append: the stream must be exactly at the version
 * before the batch's first event, the head the core sealed the batch onto, so that no other
 * writer's event can come between an event and the hash it chains to.
 *
 * | stream version before the batch | EventStoreDB     |
 * | ------------------------------- | ---------------- |
 * | `0` (`"no-stream"`)             | `no_stream`      |
 * | `N` (N ≥ 1)                     | revision `N - 1` |
 *
 * @throws {Error} when the request expects any other version (or none exactly): the core
 *   always passes that one, so this is a broken contract, not a conflict.
 */
export function expectedRevisionOf(
  append: Pick<DriverAppend, "expectedVersion" | "events">,
): EsdbExpectedRevision {
  const firstVersion = append.events[0]?.streamVersion ?? 1;
  const before = firstVersion - 1;
  const expected = append.expectedVersion === "no-stream" ? 0 : append.expectedVersion;
  if (expected !== before)
    throw new Error(
      `An append whose first event takes version ${firstVersion} must expect version ${before} exactly ` +
        `(got ${JSON.stringify(append.expectedVersion)}): the hash chain cannot fork`,
    );
  return before === 0 ? "no_stream" : revisionOfVersion(before);
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
