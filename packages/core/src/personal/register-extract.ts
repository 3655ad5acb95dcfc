import type { StoredEvent } from "../store/envelope.js";
import type { EventStore } from "../store/event-store.js";
import { readAllPages } from "../store/read-pages.js";
import type { PersonKeyStore } from "./person-key-store.js";
import { sealedValuesIn } from "./sealed-value.js";

/** One event that holds a person's data, as a register extract (GDPR art. 15) lists it. */
export interface PersonalDataEntry {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly globalPosition: number;
  readonly type: string;
  readonly recordedAt: string;
  /** The fields that hold it: `decision.signatories[0].name`. */
  readonly fields: readonly string[];
  /** `sealed`: kept under the person's key; `clear`: written before the store sealed personal data. */
  readonly kept: "sealed" | "clear";
}

/** A register extract: every event that holds a person's data, and whether it was erased. */
export interface RegisterExtract {
  readonly personId: string;
  /** Whether the person's key was destroyed: the sealed values read as erased. */
  readonly erased: boolean;
  readonly entries: readonly PersonalDataEntry[];
}

/** Paths of objects in `value` whose `personId` is `personId` and that hold a `name` in clear. */
function clearFields(value: unknown, personId: string, path: string, found: string[]): void {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) clearFields(item, personId, `${path}[${i}]`, found);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const record = value as Record<string, unknown>;
  if (record.personId === personId && typeof record.name === "string")
    found.push(path === "" ? "name" : `${path}.name`);
  for (const [key, item] of Object.entries(record))
    clearFields(item, personId, path === "" ? key : `${path}.${key}`, found);
}

function entryOf(event: StoredEvent, personId: string): PersonalDataEntry | undefined {
  const sealed = sealedValuesIn(event.data)
    .filter((s) => s.personId === personId)
    .map((s) => s.path);
  const clear: string[] = [];
  clearFields(event.data, personId, "", clear);
  if (sealed.length === 0 && clear.length === 0) return undefined;
  return {
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
    type: event.type,
    recordedAt: event.recordedAt,
    fields: [...sealed, ...clear],
    kept: clear.length > 0 ? "clear" : "sealed",
  };
}

/**
 * Every event that holds `personId`'s data, read once in global order from the sealed store (so
 * nothing needs decrypting to be listed): what `iop person` prints.
 */
export async function registerExtract(
  sealed: Pick<EventStore, "readAll">,
  keys: PersonKeyStore,
  personId: string,
): Promise<RegisterExtract> {
  const entries: PersonalDataEntry[] = [];
  for await (const page of readAllPages(sealed))
    for (const event of page) {
      const entry = entryOf(event, personId);
      if (entry !== undefined) entries.push(entry);
    }
  return { personId, erased: await keys.destroyed(personId), entries };
}
