import type { EsdbPosition } from "./client.js";

/**
 * EventStoreDB reports "no position" as the largest unsigned 64-bit integer (it is `-1` on
 * the server), e.g. for stream reads on servers older than 22.6.
 */
export const NO_POSITION = 2n ** 64n - 1n;

/**
 * Our global position of an event: its commit position in `$all`, as a JavaScript number.
 *
 * Every event this adapter writes is an implicitly committed prepare, whose commit position
 * is its own log position, so commit positions are distinct and strictly increasing along
 * `$all`. A commit position is a byte offset in the transaction log; a number holds it exactly
 * up to `Number.MAX_SAFE_INTEGER` (2^53 − 1 bytes, about 9 PB of log), beyond which this
 * throws `RangeError` rather than round.
 *
 * @returns `undefined` when the server reported no position.
 */
export function globalPositionOf(position: EsdbPosition | undefined): number | undefined {
  if (position === undefined) return undefined;
  return globalPositionOfCommit(position.commit);
}

/** {@link globalPositionOf} for a bare commit position. */
export function globalPositionOfCommit(commit: bigint | undefined): number | undefined {
  if (commit === undefined || commit === NO_POSITION || commit < 0n) return undefined;
  if (commit > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(
      `$all commit position ${commit} is beyond Number.MAX_SAFE_INTEGER and cannot be a global position`,
    );
  return Number(commit);
}

/**
 * The `$all` position to start a forward read at so that the event at global position
 * `after` comes first (forward reads include the event at their start); the reader then
 * drops it, to resume strictly after `after`.
 */
export function readPositionAfter(after: number): EsdbPosition {
  if (!Number.isSafeInteger(after) || after < 0)
    throw new RangeError(`A global position must be a non-negative integer (got ${after})`);
  const at = BigInt(after);
  return { commit: at, prepare: at };
}
