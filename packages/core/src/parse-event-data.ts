import type { z } from "zod";
import { type EventData, type EventType, eventCatalog } from "./events/catalog.js";
import { compileFastParse, type FastParse, REFUSED } from "./fast-parse.js";

const fastParsers = new Map<EventType, FastParse | undefined>();

/** The event type's fast parser, generated on first use; `undefined` when only zod can parse it. */
function fastParserOf(type: EventType): FastParse | undefined {
  if (!fastParsers.has(type)) fastParsers.set(type, compileFastParse(eventCatalog[type].data));
  return fastParsers.get(type);
}

/**
 * `eventCatalog[type].data.safeParse(value)`, with the same result, by the generated parser of
 * `fast-parse.ts` first: this runs for every event read and every command handled. Only a value
 * the fast parser refuses goes through zod, which then names what is wrong.
 */
export function parseEventData<K extends EventType>(
  type: K,
  value: unknown,
): z.ZodSafeParseResult<EventData<K>> {
  const fast = fastParserOf(type);
  const data = fast === undefined ? REFUSED : fast(value);
  if (data !== REFUSED) return { success: true, data: data as EventData<K> };
  return eventCatalog[type].data.safeParse(value) as z.ZodSafeParseResult<EventData<K>>;
}
