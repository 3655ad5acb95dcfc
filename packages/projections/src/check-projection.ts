import { canonicalJson, type RecordedEvent } from "@iop/core";
import { findNonJson, type JsonValue } from "./json.js";
import type { Projection } from "./projection.js";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * Checks that a projection keeps its contract over `events`, for tests of custom projections:
 * - handlers do not change the state or the event they are given (both are frozen: a write throws);
 * - the fold is deterministic (twice over the same events, the same state);
 * - every intermediate state is JSON;
 * - `applyAll` equals applying the events one by one, and folding in two batches equals one.
 *
 * Costs a deep freeze per event: meant for fixture-sized histories, not production.
 * @returns the folded state.
 * @throws {Error} naming the first broken promise.
 */
export function checkProjection<S extends JsonValue>(
  projection: Projection<S>,
  events: readonly RecordedEvent[],
): S {
  const frozen = events.map((event) => deepFreeze(structuredClone(event)));
  const foldOneByOne = (): S => {
    let state = deepFreeze(structuredClone(projection.initialState));
    for (const [i, event] of frozen.entries()) {
      try {
        state = deepFreeze(projection.apply(state, event));
      } catch (error) {
        throw new Error(
          `${projection.name}: the handler of ${event.type} (event ${i}) failed on a frozen state or event — does it mutate its input? ${String(error)}`,
          { cause: error },
        );
      }
      const nonJson = findNonJson(state, `state after event ${i} (${event.type})`);
      if (nonJson !== undefined) throw new Error(`${projection.name}: ${nonJson}`);
    }
    return state;
  };
  const first = foldOneByOne();
  const expected = canonicalJson(first);
  if (canonicalJson(foldOneByOne()) !== expected)
    throw new Error(`${projection.name}: folding the same events twice gave different states`);
  if (canonicalJson(projection.applyAll(projection.initialState, frozen)) !== expected)
    throw new Error(`${projection.name}: applyAll differs from applying the events one by one`);
  const half = Math.floor(frozen.length / 2);
  // Frozen between the batches, so a projection that appends to the state it was given throws.
  const split = projection.applyAll(
    deepFreeze(projection.applyAll(projection.initialState, frozen.slice(0, half))),
    frozen.slice(half),
  );
  if (canonicalJson(split) !== expected)
    throw new Error(`${projection.name}: folding in two batches differs from folding in one`);
  return first;
}
