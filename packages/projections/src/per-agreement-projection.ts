import { agreementIdOfStream, type EventType, type RecordedEvent } from "@iop/core";
import { assertJsonValue, type JsonValue } from "./json.js";
import {
  assertIdentity,
  handledTypesOf,
  type Projection,
  type ProjectionIdentity,
  type RecordedEventOf,
} from "./projection.js";

/** The state of a per-agreement projection: one row per agreement id. */
export type PerAgreementState<R> = { readonly [agreementId: string]: R };

/** Folds one event of type `K` into its agreement's row. Pure, like every handler. */
export type RowHandler<R, K extends EventType> = (row: R, event: RecordedEventOf<K>) => R;

/**
 * A per-agreement projection: `initialRow` is the row of an agreement before its first handled
 * event; each handler folds an event into the row of the agreement whose stream it came from.
 */
export type PerAgreementDefinition<R> = Omit<ProjectionIdentity<R>, "initialState"> & {
  readonly initialRow: R;
} & (
    | { readonly handles?: "some"; readonly handlers: { readonly [K in EventType]?: RowHandler<R, K> } }
    | { readonly handles: "all"; readonly handlers: { readonly [K in EventType]: RowHandler<R, K> } }
  );

/** Sets an own property, even one named `__proto__` (an agreement id is any string). */
export function setOwn<R>(target: Record<string, R>, key: string, value: R): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/** The row of `agreementId`, or `undefined`; never an inherited property. */
export function rowOf<R>(state: PerAgreementState<R>, agreementId: string): R | undefined {
  return Object.hasOwn(state, agreementId) ? state[agreementId] : undefined;
}

/**
 * Defines a projection that keeps one row per agreement. A handler sees only its agreement's
 * row, so a replay costs the same per event however many agreements there are: a batch copies
 * the row map once, not once per event. Events of streams that are not agreements' are ignored.
 *
 * @throws {TypeError} like {@link defineProjection}.
 */
export function definePerAgreementProjection<R extends JsonValue>(
  definition: PerAgreementDefinition<R>,
): Projection<PerAgreementState<R>> {
  const { name, version, initialRow, handlers, handles } = definition;
  assertIdentity(name, version);
  assertJsonValue(initialRow, `${name}.initialRow`);
  const handledTypes = Object.freeze(handledTypesOf(name, handlers, handles));
  const table = new Map<string, (row: R, event: RecordedEvent) => R>(
    handledTypes.map((type) => [type, handlers[type] as (row: R, event: RecordedEvent) => R]),
  );

  const applyAll = (state: PerAgreementState<R>, events: readonly RecordedEvent[]): PerAgreementState<R> => {
    let copy: Record<string, R> | undefined;
    for (const event of events) {
      const handler = table.get(event.type);
      if (handler === undefined) continue;
      const agreementId = agreementIdOfStream(event.streamId);
      if (agreementId === undefined) continue;
      const row = rowOf(copy ?? state, agreementId) ?? initialRow;
      const next = handler(row, event);
      if (next === row) continue;
      copy ??= { ...state };
      setOwn(copy, agreementId, next);
    }
    return copy ?? state;
  };

  return Object.freeze({
    name,
    version,
    initialState: Object.freeze({}) as PerAgreementState<R>,
    exhaustive: handles === "all",
    handledTypes,
    handles: (type: string) => table.has(type),
    apply: (state: PerAgreementState<R>, event: RecordedEvent) => applyAll(state, [event]),
    applyAll,
  });
}
