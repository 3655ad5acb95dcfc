import type { AppliedDataV1 } from "./events/application-events.js";

/** Lifts the data of one event type from `fromVersion` to `fromVersion + 1`. */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  upcast(data: unknown): unknown;
}

/**
 * The upcasters in force. Old events stay as they were written; on read they are lifted one
 * version at a time until they reach the catalog's current version.
 */
export class UpcasterRegistry {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: Iterable<Upcaster> = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  /** Adds an upcaster; there is at most one per type and version. */
  register(upcaster: Upcaster): this {
    const key = `${upcaster.type}@${upcaster.fromVersion}`;
    if (this.byKey.has(key)) throw new Error(`An upcaster for ${key} is already registered`);
    this.byKey.set(key, upcaster);
    return this;
  }

  /** A new registry with these upcasters and `more`. */
  with(...more: Upcaster[]): UpcasterRegistry {
    return new UpcasterRegistry([...this.byKey.values(), ...more]);
  }

  /**
   * Lifts `data` from `version` to `target`; returns `undefined` when a step is missing.
   */
  upcast(type: string, version: number, target: number, data: unknown): unknown {
    let current = data;
    for (let v = version; v < target; v++) {
      const step = this.byKey.get(`${type}@${v}`);
      if (step === undefined) return undefined;
      current = step.upcast(current);
    }
    return current;
  }
}

/** `Applied` v1 named one public party; v2 lists them, since several bodies may join one IOP. */
export const appliedV1ToV2: Upcaster = {
  type: "Applied",
  fromVersion: 1,
  upcast(data) {
    const { publicParty, ...rest } = data as AppliedDataV1;
    return { ...rest, publicParties: [publicParty] };
  },
};

/** The upcasters that ship with the library. */
export const defaultUpcasters = new UpcasterRegistry([appliedV1ToV2]);
