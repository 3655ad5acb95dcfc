import { InvalidStoreInputError } from "../errors/index.js";
import { type EventType, eventCatalog } from "../events/catalog.js";
import type { IopStore } from "../store/core-event-store.js";
import type { NewEvent, RecordedAppend, RecordedEnvelope, StoredEvent } from "../store/envelope.js";
import { newEventId } from "../store/event-id.js";
import type { AppendOptions, AppendResult, ReadAllOptions, ReadStreamOptions } from "../store/event-store.js";
import type { ProjectionStore } from "../store/projection-store.js";
import type { ProjectionTables } from "../tables/projection-tables.js";
import type { PersonKeyStore } from "./person-key-store.js";
import { personalFieldsByEventType } from "./personal-fields.js";
import {
  ERASED_VALUE,
  isSealedValue,
  mapSealedValues,
  openValue,
  sealedValuesIn,
  sealValue,
} from "./sealed-value.js";

/**
 * A store that keeps personal data sealed: what {@link protectPersonalData} returns. Appends seal
 * every personal field under its person's key before the inner store chains them; reads open
 * them again, or give {@link ERASED_VALUE} where the key was destroyed. The hash chain covers the
 * sealed bytes, so an erasure changes no hash.
 */
export interface PersonalDataStore extends IopStore {
  /** The store underneath, as it keeps the events: sealed values as they are (verify, export). */
  readonly sealed: IopStore;
  /** The person keys. */
  readonly keys: PersonKeyStore;
}

/** Where the events of the personal-data record (erasures) are kept. */
export const PERSONAL_DATA_STREAM = "iop-personal-data";

function refuse(field: string, reason: string): never {
  throw new InvalidStoreInputError(field, reason);
}

/** The values at `path` (`a.b[].c`) in `data`, with their parent object and concrete path. */
function* valuesAt(
  data: unknown,
  segments: readonly string[],
  concrete: string,
): Generator<{ parent: Record<string, unknown>; key: string; path: string }> {
  const [head, ...rest] = segments;
  if (head === undefined || typeof data !== "object" || data === null) return;
  const array = head.endsWith("[]");
  const key = array ? head.slice(0, -2) : head;
  const at = concrete === "" ? key : `${concrete}.${key}`;
  const value = key === "" ? data : (data as Record<string, unknown>)[key];
  if (array) {
    if (!Array.isArray(value)) return;
    for (const [i, item] of value.entries()) {
      if (rest.length === 0) continue;
      yield* valuesAt(item, rest, `${at}[${i}]`);
    }
    return;
  }
  if (rest.length === 0) yield { parent: data as Record<string, unknown>, key, path: at };
  else yield* valuesAt(value, rest, at);
}

/** Splits `decision.signatories[].name` into `decision`, `signatories[]`, `name`. */
const segmentsOf = (path: string) => path.split(".");

class ProtectedStore implements PersonalDataStore {
  constructor(
    readonly sealed: IopStore,
    readonly keys: PersonKeyStore,
  ) {}

  get projections(): ProjectionStore {
    return this.sealed.projections;
  }

  get tables(): ProjectionTables | undefined {
    return this.sealed.tables;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (!Array.isArray(events)) return this.sealed.append(streamId, events, options);
    const sealed = await Promise.all(events.map((event, i) => this.#seal(streamId, event, i)));
    return this.sealed.append(streamId, sealed, options);
  }

  /** Recorded events are copied as they are: sealed values stay sealed (an import). */
  appendRecorded(streamId: string, events: readonly RecordedEnvelope[]): Promise<AppendResult> {
    return this.sealed.appendRecorded(streamId, events);
  }

  /** A chunk of recorded events, copied as it is (see {@link appendRecorded}). */
  importRecorded(appends: readonly RecordedAppend[]): Promise<AppendResult[]> {
    return this.sealed.importRecorded(appends);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return this.#open(await this.sealed.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    return this.#open(await this.sealed.readAll(options));
  }

  close(): Promise<void> {
    return this.sealed.close();
  }

  /** The event with its personal fields sealed; it gets its id here, since the seal is bound to it. */
  async #seal(streamId: string, event: NewEvent, index: number): Promise<NewEvent> {
    if (typeof event !== "object" || event === null || !Object.hasOwn(eventCatalog, event.type)) return event;
    const fields = personalFieldsByEventType()[event.type as EventType];
    if (fields.length === 0) return event;
    let data: Record<string, unknown>;
    try {
      data = structuredClone(event.data) as Record<string, unknown>;
    } catch {
      return event; // not plain data: the store refuses it, naming the field
    }
    const eventId = event.eventId ?? newEventId();
    for (const field of fields)
      for (const { parent, key, path } of valuesAt(data, segmentsOf(field.path), "")) {
        const value = parent[key];
        if (value === undefined || isSealedValue(value)) continue;
        const at = `events[${index}].data.${path}`;
        if (typeof value !== "string") refuse(at, "is personal data and must be text");
        const personId = parent.personId;
        if (typeof personId !== "string" || personId === "")
          refuse(at, `is personal data (${field.kind}): the person needs a personId beside it`);
        const key32 = await this.keys.key(personId, { create: true });
        if (key32 === undefined)
          refuse(
            at,
            `belongs to ${personId}, whose personal data was erased: record it under a new personId`,
          );
        parent[key] = sealValue(value, key32, { streamId, eventId, path, personId });
      }
    return { ...event, eventId, data };
  }

  /** Events with their sealed values opened, or erased where the key is gone. */
  async #open(events: StoredEvent[]): Promise<StoredEvent[]> {
    const keys = new Map<string, Buffer | undefined>();
    for (const event of events)
      for (const { personId } of sealedValuesIn(event.data))
        if (!keys.has(personId)) keys.set(personId, await this.keys.key(personId, { create: false }));
    if (keys.size === 0) return events;
    return events.map((event) => {
      const data = mapSealedValues(event.data, (sealed) => {
        const key = keys.get(sealed.personId);
        if (key === undefined) return ERASED_VALUE;
        const text = openValue(sealed, key, { streamId: event.streamId, eventId: event.eventId });
        // A value that does not open under its person's key was changed: verify names the event.
        return text ?? ERASED_VALUE;
      });
      return data === event.data ? event : { ...event, data: data as StoredEvent["data"] };
    });
  }
}

/**
 * Wraps a store so personal data is kept sealed under per-person keys from `keys` (see
 * {@link PersonalDataStore}). Every other call passes through. Verify and export use `.sealed`.
 */
export function protectPersonalData(store: IopStore, keys: PersonKeyStore): PersonalDataStore {
  return new ProtectedStore(store, keys);
}
