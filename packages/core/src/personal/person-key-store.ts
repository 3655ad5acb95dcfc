import { randomBytes } from "node:crypto";
import { InvalidStoreInputError } from "../errors/index.js";
import { personId as personIdSchema } from "../schemas/parties.js";

/**
 * Where the keys of persons' data live, apart from the events: one AES-256 key per person. A
 * table in SQLite and PostgreSQL (the adapters' `personKeys`), or a city's own key service
 * behind this interface. Destroying a key erases every value sealed under it: what a backup of
 * this store must and must not keep is in docs/personal-data.md.
 */
export interface PersonKeyStore {
  /** The person's key; a new one is made and kept first when there is none and `create` is set. */
  key(personId: string, options: { readonly create: boolean }): Promise<Buffer | undefined>;
  /**
   * Destroys the person's key so it cannot be recovered from this store (the adapters overwrite
   * freed pages and vacuum); `false` when there was none.
   */
  destroy(personId: string): Promise<boolean>;
  /** Whether the person's key was destroyed (a tombstone row), as opposed to never made. */
  destroyed(personId: string): Promise<boolean>;
}

/** A new random person key: 32 bytes. */
export function newPersonKey(): Buffer {
  return randomBytes(32);
}

/** Person keys in process memory: for tests and the in-memory store. */
export class InMemoryPersonKeyStore implements PersonKeyStore {
  readonly #keys = new Map<string, Buffer>();
  readonly #destroyed = new Set<string>();

  async key(personId: string, { create }: { readonly create: boolean }): Promise<Buffer | undefined> {
    checkPersonId(personId);
    let key = this.#keys.get(personId);
    if (key === undefined && create && !this.#destroyed.has(personId)) {
      key = newPersonKey();
      this.#keys.set(personId, key);
    }
    // A copy: destroy zero-fills the kept key, and must not change a caller's.
    return key === undefined ? undefined : Buffer.from(key);
  }

  async destroy(personId: string): Promise<boolean> {
    checkPersonId(personId);
    const key = this.#keys.get(personId);
    key?.fill(0);
    this.#destroyed.add(personId);
    return this.#keys.delete(personId);
  }

  async destroyed(personId: string): Promise<boolean> {
    checkPersonId(personId);
    return this.#destroyed.has(personId);
  }
}

/**
 * The person id, checked as the event schemas define it: pseudonymous, never a personnummer,
 * since a key store keeps it in clear, also after the key is destroyed. Every key store calls it.
 * @throws {InvalidStoreInputError} on field `personId`.
 */
export function checkPersonId(value: unknown): string {
  const parsed = personIdSchema.safeParse(value);
  if (!parsed.success)
    throw new InvalidStoreInputError("personId", parsed.error.issues[0]?.message ?? "is not a person id");
  return parsed.data;
}
