import type { PersonKeyStore } from "@iop/core";
import fc from "fast-check";
import { expect, it } from "vitest";
import type { PersonKeyStoreHarness } from "./harness.js";
import { uniquePersonId } from "./person-ids.js";

const PERSONS = 4;

/** One call on the key store, through the first handle or the other. */
interface Operation {
  readonly kind: "key" | "destroy" | "destroyed";
  readonly person: number;
  /** For `key`: whether to create. */
  readonly create: boolean;
  readonly other: boolean;
}

const operation: fc.Arbitrary<Operation> = fc.record({
  kind: fc.constantFrom("key", "key", "destroy", "destroyed"),
  person: fc.nat({ max: PERSONS - 1 }),
  create: fc.boolean(),
  other: fc.boolean(),
});

/** What the store must hold for a person: nothing yet, their key (a copy), or a tombstone. */
type Held = Buffer | "destroyed" | undefined;

/** Runs `op` and checks its answer against the model, which it then brings up to date. */
async function step(
  keys: PersonKeyStore,
  id: string,
  op: Operation,
  model: Map<number, Held>,
): Promise<void> {
  const held = model.get(op.person);
  if (op.kind === "destroyed") {
    expect(await keys.destroyed(id)).toBe(held === "destroyed");
  } else if (op.kind === "destroy") {
    expect(await keys.destroy(id)).toBe(held instanceof Buffer);
    model.set(op.person, "destroyed");
  } else {
    const key = await keys.key(id, { create: op.create });
    if (held instanceof Buffer) expect(key).toEqual(held);
    else if (held === "destroyed" || !op.create) expect(key).toBeUndefined();
    else {
      expect(key).toHaveLength(32);
      for (const other of model.values()) expect(key).not.toEqual(other);
      model.set(op.person, Buffer.from(key as Buffer));
    }
  }
}

/**
 * fast-check: random sequences of key, destroy and destroyed calls over a few persons, each
 * through either handle, answer as a model does: a key made once and then always the same, and
 * after a destroy never one again.
 */
export function personKeyProperties(harness: () => PersonKeyStoreHarness, numRuns: number): void {
  it(`answers random calls from two handles as the model does (${numRuns} runs)`, async () => {
    const h = harness();
    const handles = [h.keys, await h.connectAnother()] as const;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 16 }), async (operations) => {
        const ids = Array.from({ length: PERSONS }, uniquePersonId);
        const model = new Map<number, Held>();
        for (const op of operations)
          await step(handles[op.other ? 1 : 0], ids[op.person] as string, op, model);
      }),
      { numRuns },
    );
  });
}
