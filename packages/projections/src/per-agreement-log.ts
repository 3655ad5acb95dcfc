import { agreementIdOfStream, type EventType, eventTypes, type RecordedEvent } from "@iop/core";
import type { JsonValue } from "./json.js";
import { type PerAgreementState, rowOf, setOwn } from "./per-agreement-projection.js";
import { assertIdentity, handledTypesOf, type Projection } from "./projection.js";

/** The state of a per-agreement log: per agreement id, its entries in stream order. */
export type PerAgreementLogState<E> = PerAgreementState<readonly E[]>;

/** What {@link definePerAgreementLog} needs. */
export interface PerAgreementLogDefinition<E> {
  /** Where a durable runner keeps the state: unique per projection store. */
  readonly name: string;
  /** Bump it when `entryOf` or the entries' shape change: a durable runner then rebuilds. */
  readonly version: number;
  /**
   * The event types that get an entry, or `"all"` — which makes the log exhaustive: a runner
   * then stops at an event type this library does not know instead of skipping it.
   */
  readonly types: readonly EventType[] | "all";
  /** The entry of one event. Pure, and JSON: the entry is stored. */
  readonly entryOf: (event: RecordedEvent) => E;
}

/**
 * Defines a projection whose row per agreement is the list of its events' entries, in stream
 * order: the shape of a read model that must answer for any business date or record time from
 * its stored state (every built-in is one).
 *
 * Appending is the whole fold, so a batch copies each agreement's list it touches once and
 * appends to that copy, instead of copying the list on every event as a pure row handler must:
 * a replay costs the same per event however long the lists grow. The state handed in is never
 * changed.
 *
 * @throws {TypeError} for a bad name or version, a type that is not an event type, or an
 *   `entryOf` that is not a function.
 */
export function definePerAgreementLog<E extends JsonValue>(
  definition: PerAgreementLogDefinition<E>,
): Projection<PerAgreementLogState<E>> {
  const { name, version, types, entryOf } = definition;
  assertIdentity(name, version);
  // The same checks as a handler record's: every type an event type, and an entry function.
  const handledTypes = Object.freeze(
    handledTypesOf(
      name,
      Object.fromEntries((types === "all" ? eventTypes : types).map((type) => [type, entryOf])),
      types === "all" ? "all" : "some",
    ),
  );
  const kept = new Set<string>(handledTypes);
  const initialState = Object.freeze({}) as PerAgreementLogState<E>;

  /**
   * Appends each event's entry to the lists of `into` (made from `from` on the first entry when
   * not given), copying a list of `from` before its first append unless `owned` has it already.
   */
  const appendAll = (
    from: PerAgreementLogState<E>,
    events: readonly RecordedEvent[],
    owned: Map<string, E[]>,
    into?: Record<string, readonly E[]>,
  ): Record<string, readonly E[]> | undefined => {
    let target = into;
    for (const event of events) {
      if (!kept.has(event.type)) continue;
      const agreementId = agreementIdOfStream(event.streamId);
      if (agreementId === undefined) continue;
      let list = owned.get(agreementId);
      if (list === undefined) {
        list = [...(rowOf(from, agreementId) ?? [])];
        owned.set(agreementId, list);
        target ??= { ...from };
        setOwn(target, agreementId, list);
      }
      list.push(entryOf(event));
    }
    return target;
  };

  const applyAll = (state: PerAgreementLogState<E>, events: readonly RecordedEvent[]) =>
    appendAll(state, events, new Map()) ?? state;

  // The lists of each state that a reusing fold made: they are its own, so they may grow in place.
  const ownLists = new WeakMap<object, Map<string, E[]>>();
  const applyAllReusing = (state: PerAgreementLogState<E>, events: readonly RecordedEvent[]) => {
    const owned = ownLists.get(state);
    if (owned !== undefined) {
      appendAll(state, events, owned, state as Record<string, readonly E[]>);
      return state;
    }
    const lists = new Map<string, E[]>();
    const copy = appendAll(state, events, lists, { ...state });
    if (copy !== undefined) ownLists.set(copy, lists);
    return copy ?? state;
  };

  return Object.freeze({
    name,
    version,
    initialState,
    exhaustive: types === "all",
    handledTypes,
    handles: (type: string) => kept.has(type),
    apply: (state: PerAgreementLogState<E>, event: RecordedEvent) => applyAll(state, [event]),
    applyAll,
    applyAllReusing,
  });
}
