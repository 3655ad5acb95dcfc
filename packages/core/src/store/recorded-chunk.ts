import { isProxy } from "node:util/types";
import { InvalidStoreInputError } from "../errors/index.js";
import type { SealedEvent } from "./driver.js";
import type { RecordedAppend } from "./envelope.js";
import { plainArrayItems } from "./exact-json.js";
import { prepareRecorded } from "./recorded-input.js";

/** One append of a chunk, checked and sealed again from its own fields. */
export interface PreparedRecordedAppend {
  readonly streamId: string;
  /** The version its stream must be at: its first event's, less one. */
  readonly expectedVersion: number;
  readonly sealed: readonly SealedEvent[];
}

/**
 * Checks a chunk of recorded appends as `prepareRecorded` checks one — each field named under
 * `appends[i]` — and that no event id comes twice in the whole chunk. Whether each append
 * chains onto its stream is left to the caller, which knows the heads.
 */
export function prepareRecordedChunk(appends: readonly RecordedAppend[]): PreparedRecordedAppend[] {
  const items = plainArrayItems(appends, "appends");
  const ids = new Set<string>();
  return items.map((item, k) => {
    const at = `appends[${k}]`;
    if (typeof item !== "object" || item === null || isProxy(item))
      throw new InvalidStoreInputError(at, "must be a plain object");
    const { streamId, events } = item as RecordedAppend;
    let prepared: ReturnType<typeof prepareRecorded>;
    try {
      prepared = prepareRecorded(streamId, events);
    } catch (error) {
      if (error instanceof InvalidStoreInputError)
        throw new InvalidStoreInputError(`${at}.${error.field}`, error.reason);
      throw error;
    }
    prepared.sealed.forEach(({ eventId }, i) => {
      if (ids.has(eventId))
        throw new InvalidStoreInputError(`${at}.events[${i}].eventId`, "is already the id of another event");
      ids.add(eventId);
    });
    return { streamId, ...prepared };
  });
}
