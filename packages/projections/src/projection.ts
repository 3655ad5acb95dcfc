import { type EventType, eventTypes, isEventType, type RecordedEvent } from "@iop/core";
import { assertJsonValue, type JsonValue } from "./json.js";

/** The recorded event of type `K`: its typed data plus the envelope (`recordedAt`, `metadata`…). */
export type RecordedEventOf<K extends EventType> = Extract<RecordedEvent, { type: K }>;

/**
 * Folds one event of type `K` into the state. Must be pure: return a new state (or the same one)
 * and never change `state` or `event`, read the clock, or do I/O — a durable runner replays
 * the same events into the same state after a restart and must get the same answer.
 */
export type Handler<S, K extends EventType> = (state: S, event: RecordedEventOf<K>) => S;

/** Handlers for some event types; the others leave the state as it is. */
export type SomeHandlers<S> = { readonly [K in EventType]?: Handler<S, K> };

/** A handler for every event type: TypeScript refuses the definition when one is missing. */
export type AllHandlers<S> = { readonly [K in EventType]: Handler<S, K> };

/** What every projection definition names. */
export interface ProjectionIdentity<S> {
  /** Where a durable runner keeps the state: unique per projection store. */
  readonly name: string;
  /** Bump it when the handlers or the state's shape change: a durable runner then rebuilds from zero. */
  readonly version: number;
  /** The state before the first event. JSON (it is stored). */
  readonly initialState: S;
}

/**
 * A projection definition: its identity and a handler per event type. `handles: "all"` asks the
 * type checker (and {@link defineProjection} at run time) for a handler of every event type, so a
 * new event type in the core cannot be forgotten; `"some"` (the default) ignores the types it has
 * no handler for.
 */
export type ProjectionDefinition<S> = ProjectionIdentity<S> &
  (
    | { readonly handles?: "some"; readonly handlers: SomeHandlers<S> }
    | { readonly handles: "all"; readonly handlers: AllHandlers<S> }
  );

/** A defined projection: a pure fold from recorded events to a JSON state. */
export interface Projection<S extends JsonValue> {
  readonly name: string;
  readonly version: number;
  readonly initialState: S;
  /** Whether the definition declared a handler for every event type. */
  readonly exhaustive: boolean;
  /** The event types this projection folds. Runners skip (and do not decode) the others. */
  readonly handledTypes: readonly EventType[];
  /** True when the projection folds events of this type. */
  handles(type: string): boolean;
  /** Folds one event. Pure. */
  apply(state: S, event: RecordedEvent): S;
  /**
   * Folds events in order. Pure as a whole: `state` is not changed. Equal to applying them one
   * by one, but a projection may do it faster (see {@link definePerAgreementProjection}).
   */
  applyAll(state: S, events: readonly RecordedEvent[]): S;
  /**
   * Like {@link applyAll}, but may change `state` and return it: for a runner that keeps its
   * state to itself from the initial state on, so that neither `state` nor anything it shares
   * is read again ({@link runLive}). A projection whose state copies cost nothing leaves it out.
   */
  applyAllReusing?(state: S, events: readonly RecordedEvent[]): S;
}

/** Checks a projection's name and version; shared by every kind of definition. */
export function assertIdentity(name: unknown, version: unknown): void {
  if (typeof name !== "string" || name.trim().length === 0 || !name.isWellFormed() || name.includes("\u0000"))
    throw new TypeError("A projection's name must be a non-empty string without NUL");
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 1)
    throw new TypeError(`Projection ${JSON.stringify(name)}: version must be a positive integer`);
}

/**
 * The event types a handler record covers, after checking it: every key must be an event type
 * (a typo such as `Grant` for `Granted` would otherwise never be called) and, for `"all"`,
 * every event type must have a handler.
 */
export function handledTypesOf(
  name: string,
  handlers: object,
  handles: "all" | "some" | undefined,
): EventType[] {
  if (handles !== undefined && handles !== "all" && handles !== "some")
    throw new TypeError(`Projection ${JSON.stringify(name)}: handles must be "all" or "some"`);
  for (const [key, handler] of Object.entries(handlers)) {
    if (!isEventType(key))
      throw new TypeError(`Projection ${JSON.stringify(name)}: ${JSON.stringify(key)} is not an event type`);
    if (typeof handler !== "function")
      throw new TypeError(`Projection ${JSON.stringify(name)}: the handler of ${key} is not a function`);
  }
  const covered = eventTypes.filter((type) => Object.hasOwn(handlers, type));
  if (handles === "all") {
    const missing = eventTypes.filter((type) => !covered.includes(type));
    if (missing.length > 0)
      throw new TypeError(
        `Projection ${JSON.stringify(name)} declares it handles all event types but has no handler for ${missing.join(", ")}`,
      );
  }
  return covered;
}

/**
 * Defines a projection from a handler per event type.
 *
 * ```ts
 * const grants = defineProjection({
 *   name: "grants-per-year",
 *   version: 1,
 *   initialState: {} as Record<string, number>,
 *   handlers: {
 *     Granted: (state, { data }) => {
 *       const year = data.period.start.slice(0, 4);
 *       return { ...state, [year]: (state[year] ?? 0) + data.grantedKronor };
 *     },
 *   },
 * });
 * ```
 *
 * Write a handler with ts-pattern's `match` when several cases share it. Keep the state small
 * and keyed: a handler that copies a large state on every event makes a replay quadratic — for
 * one row per agreement use {@link definePerAgreementProjection}.
 *
 * @throws {TypeError} for a bad name or version, a state that is not JSON, a handler key that is
 *   not an event type, or a missing handler when `handles` is `"all"`.
 */
export function defineProjection<S extends JsonValue>(definition: ProjectionDefinition<S>): Projection<S> {
  const { name, version, initialState, handlers, handles } = definition;
  assertIdentity(name, version);
  assertJsonValue(initialState, `${name}.initialState`);
  const handledTypes = Object.freeze(handledTypesOf(name, handlers, handles));
  const table = new Map<string, (state: S, event: RecordedEvent) => S>(
    handledTypes.map((type) => [type, handlers[type] as (state: S, event: RecordedEvent) => S]),
  );
  const apply = (state: S, event: RecordedEvent): S => {
    const handler = table.get(event.type);
    return handler === undefined ? state : handler(state, event);
  };
  return Object.freeze({
    name,
    version,
    initialState,
    exhaustive: handles === "all",
    handledTypes,
    handles: (type: string) => table.has(type),
    apply,
    applyAll(state: S, events: readonly RecordedEvent[]): S {
      let next = state;
      for (const event of events) next = apply(next, event);
      return next;
    },
  });
}
