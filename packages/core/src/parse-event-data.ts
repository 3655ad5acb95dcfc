import type { z } from "zod";
import { type EventData, type EventType, eventCatalog } from "./events/catalog.js";
import { compileFastParse, type FastParsers, REFUSED } from "./fast-parse.js";

const fastParsers = new Map<EventType, FastParsers | null>();

/** The event type's fast parsers, generated on first use; `null` when only zod can parse it. */
function fastParsersOf(type: EventType): FastParsers | null {
  let parsers = fastParsers.get(type);
  if (parsers === undefined) {
    parsers = compileFastParse(eventCatalog[type].data) ?? null;
    fastParsers.set(type, parsers);
  }
  return parsers;
}

/**
 * `eventCatalog[type].data.safeParse(value)`, with the same result, by the generated parsers of
 * `fast-parse.ts` first: this runs for every event read and every command handled. Only a value
 * they refuse goes through zod, which then names what is wrong. `owned`: the value is the
 * caller's alone (fresh from a row's JSON), so it is kept as it is when already in form; a
 * command's data is not (its sender could change it while the command is decided): it is copied.
 */
export function parseEventData<K extends EventType>(
  type: K,
  value: unknown,
  owned: boolean,
): z.ZodSafeParseResult<EventData<K>> {
  const fast = fastParsersOf(type);
  const data = fast === null ? REFUSED : owned ? fast.inForm(value) : fast.copy(value);
  if (data !== REFUSED) return { success: true, data: data as EventData<K> };
  return eventCatalog[type].data.safeParse(value) as z.ZodSafeParseResult<EventData<K>>;
}
