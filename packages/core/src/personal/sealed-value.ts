import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** The format name of a sealed personal value. */
export const SEALED_FORMAT = "iop-personal/1";

/**
 * A personal value as a protected store keeps it: AES-256-GCM under the person's key, bound to
 * where it is (stream, event, field, person) as associated data, so it cannot be moved to another
 * event or field. The person id stays readable: it is what a register extract and an erasure
 * find the value by.
 */
export interface SealedValue {
  readonly $sealed: typeof SEALED_FORMAT;
  readonly personId: string;
  /** The field's path in the event's data, indexes included: `decision.signatories[1].name`. */
  readonly path: string;
  /** 12 random bytes, base64. */
  readonly iv: string;
  readonly ciphertext: string;
  /** The GCM tag, 16 bytes, base64. */
  readonly tag: string;
}

/**
 * What a read gives in place of a value whose person was forgotten: the key is gone, so the value
 * is too. A string, so that every schema and projection reads it as the text it replaces.
 */
export const ERASED_VALUE = "[erased]";

/** What a reader without the keys (verify, export) sees in place of a sealed value. */
export const SEALED_PLACEHOLDER = "[sealed]";

/** Where a sealed value is: what its associated data binds it to. */
export interface SealedPlace {
  readonly streamId: string;
  readonly eventId: string;
  readonly path: string;
  readonly personId: string;
}

const associatedData = (place: SealedPlace) =>
  Buffer.from(
    `${SEALED_FORMAT}\n${place.streamId}\n${place.eventId}\n${place.path}\n${place.personId}`,
    "utf8",
  );

/** Whether `value` is a sealed personal value. */
export function isSealedValue(value: unknown): value is SealedValue {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { $sealed?: unknown }).$sealed === SEALED_FORMAT &&
    typeof (value as { personId?: unknown }).personId === "string"
  );
}

/** Seals `text` under `key` (32 bytes) at `place`. */
export function sealValue(text: string, key: Buffer, place: SealedPlace): SealedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(associatedData(place));
  const ciphertext = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return {
    $sealed: SEALED_FORMAT,
    personId: place.personId,
    path: place.path,
    iv: iv.toString("base64"),
    ciphertext: ciphertext.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
  };
}

/**
 * Opens a sealed value with its person's key, at the place it was read from; `undefined` when it
 * does not open (another key, another place, or changed bytes).
 */
export function openValue(
  sealed: SealedValue,
  key: Buffer,
  place: Omit<SealedPlace, "path" | "personId">,
): string | undefined {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"));
    decipher.setAAD(associatedData({ ...place, path: sealed.path, personId: sealed.personId }));
    decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, "base64")),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return undefined;
  }
}

/**
 * `value` with every sealed value replaced by `replace(sealed)`: a copy where anything changed,
 * `value` itself where nothing did.
 */
export function mapSealedValues(value: unknown, replace: (sealed: SealedValue) => unknown): unknown {
  if (isSealedValue(value)) return replace(value);
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const next = mapSealedValues(item, replace);
      changed ||= next !== item;
      return next;
    });
    return changed ? items : value;
  }
  if (typeof value === "object" && value !== null) {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const next = mapSealedValues(item, replace);
      changed ||= next !== item;
      return [key, next] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}

/** The sealed values in `value`, in document order. */
export function sealedValuesIn(value: unknown): SealedValue[] {
  const found: SealedValue[] = [];
  mapSealedValues(value, (sealed) => {
    found.push(sealed);
    return sealed;
  });
  return found;
}

/** `data` as a reader without keys may decode it: sealed values as {@link SEALED_PLACEHOLDER}. */
export function maskSealedValues<T>(data: T): T {
  return mapSealedValues(data, () => SEALED_PLACEHOLDER) as T;
}
