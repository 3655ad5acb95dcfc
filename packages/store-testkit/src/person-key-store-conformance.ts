import { InvalidStoreInputError } from "@iop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { propertyRuns } from "./event-store-conformance.js";
import type { PersonKeyStoreHarness } from "./harness.js";
import { uniquePersonId } from "./person-ids.js";
import { personKeyProperties } from "./person-key-properties.js";

/** Ids a key store must refuse: it keeps them in clear, also after the key is destroyed. */
const NOT_PERSON_IDS: readonly (readonly [label: string, id: unknown])[] = [
  ["an empty id", ""],
  ["a personnummer", "19800101-1234"],
  ["a personnummer without its dash", "8001011234"],
  ["an id with a space", "has space"],
  ["an id of 65 characters", "x".repeat(65)],
  ["no id at all", undefined],
];

/**
 * The suite every `PersonKeyStore` runs (the SQLite and PostgreSQL tables, the in-memory
 * store, a city's own key service): a 32-byte key per person, made only when asked and the same
 * on every call and every handle; destroy leaves a tombstone, so no key is ever made again for
 * that person; ids that are not pseudonymous person ids are refused on field `personId`.
 */
export function describePersonKeyStoreConformance(
  name: string,
  factory: () => Promise<PersonKeyStoreHarness>,
): void {
  describe(`${name} person key store conformance`, () => {
    let h: PersonKeyStoreHarness;
    beforeAll(async () => {
      h = await factory();
    });
    afterAll(async () => {
      await h?.dispose();
    });

    it("gives no key, and makes none, for a person when not asked to create one", async () => {
      const id = uniquePersonId();
      expect(await h.keys.key(id, { create: false })).toBeUndefined();
      expect(await h.keys.key(id, { create: false })).toBeUndefined();
      expect(await h.keys.destroyed(id)).toBe(false);
    });

    it("makes one 32-byte key per person when asked, the same on every later call", async () => {
      const [id, other] = [uniquePersonId(), uniquePersonId()];
      const key = await h.keys.key(id, { create: true });
      expect(key).toBeInstanceOf(Buffer);
      expect(key).toHaveLength(32);
      expect(await h.keys.key(id, { create: true })).toEqual(key);
      expect(await h.keys.key(id, { create: false })).toEqual(key);
      expect(await h.keys.key(other, { create: true })).not.toEqual(key);
      expect(await h.keys.destroyed(id)).toBe(false);
    });

    it("destroys a key for good: none is given or made again, and the others stay", async () => {
      const [id, other] = [uniquePersonId(), uniquePersonId()];
      await h.keys.key(id, { create: true });
      const kept = await h.keys.key(other, { create: true });
      expect(await h.keys.destroy(id)).toBe(true);
      expect(await h.keys.key(id, { create: false })).toBeUndefined();
      expect(await h.keys.key(id, { create: true })).toBeUndefined();
      expect(await h.keys.destroyed(id)).toBe(true);
      expect(await h.keys.key(other, { create: false })).toEqual(kept);
      expect(await h.keys.destroyed(other)).toBe(false);
    });

    it("marks a person without a key destroyed too, so none is made; destroying again says false", async () => {
      const [never, once] = [uniquePersonId(), uniquePersonId()];
      expect(await h.keys.destroy(never)).toBe(false);
      expect(await h.keys.destroyed(never)).toBe(true);
      expect(await h.keys.key(never, { create: true })).toBeUndefined();
      await h.keys.key(once, { create: true });
      expect(await h.keys.destroy(once)).toBe(true);
      expect(await h.keys.destroy(once)).toBe(false);
      expect(await h.keys.destroyed(once)).toBe(true);
    });

    it.each(NOT_PERSON_IDS)(
      "refuses %s, which is no pseudonymous person id, on field personId",
      async (_label, id) => {
        for (const call of [h.keys.key(id as string, { create: true }), h.keys.destroy(id as string)]) {
          const error = await call.catch((e: unknown) => e);
          expect(error).toBeInstanceOf(InvalidStoreInputError);
          expect(error).toMatchObject({ field: "personId" });
        }
      },
    );

    it("gives one key per person to two handles making it at once", async () => {
      const handles = [h.keys, await h.connectAnother()];
      const persons = Array.from({ length: 20 }, uniquePersonId);
      const made = await Promise.all(
        persons.flatMap((id) =>
          [0, 1, 0, 1, 0, 1].map(async (n) => ({
            id,
            key: (await handles[n]?.key(id, { create: true }))?.toString("hex"),
          })),
        ),
      );
      for (const id of persons) {
        const keys = new Set(made.filter((m) => m.id === id).map((m) => m.key));
        expect(keys.size).toBe(1);
        expect([...keys][0]).toMatch(/^[0-9a-f]{64}$/);
      }
      expect(new Set(made.map((m) => m.key)).size).toBe(persons.length);
    });

    describe("properties", () => personKeyProperties(() => h, propertyRuns(25)));
  });
}
