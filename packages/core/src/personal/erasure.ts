import { z } from "zod";
import { ErasureRefusedError } from "../errors/personal-data-errors.js";
import { personId as personIdSchema } from "../schemas/parties.js";
import { PERSONAL_DATA_STREAM, type PersonalDataStore } from "./personal-data-store.js";

const text = z.string().trim().min(1, { message: "must not be empty" });

/**
 * The legal basis of an erasure:
 * - `gallringsbeslut`: a decision of the archive authority allowing the information to be
 *   culled from allmänna handlingar (arkivlagen 1990:782, 10 §), by its reference;
 * - `gdpr-article-17`: the person's right to erasure (GDPR art. 17), where no archive law keeps
 *   the record — an organisation's own copy.
 */
export const legalBasis = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("gallringsbeslut"), reference: text }),
  z.object({ kind: z.literal("gdpr-article-17") }),
]);
export type LegalBasis = z.infer<typeof legalBasis>;

/**
 * The event that records an erasure: who asked, who did it, under which legal basis. It holds
 * no personal data — the person id is pseudonymous, and the roles are roles.
 */
export const personErasedData = z.object({
  personId: personIdSchema,
  /** Who asked (a role or system id: "the person", "registrator"). */
  requestedBy: text,
  /** Who did it (a user or system id). */
  performedBy: text,
  legalBasis,
});
export type PersonErasedData = z.infer<typeof personErasedData>;

/** An erasure request, as `forgetPerson` takes it. */
export type ErasureRequest = z.input<typeof personErasedData>;

/** What may be erased, and on which legal basis: the store's owner decides which applies. */
export interface ErasurePolicy {
  readonly name: string;
  /** Throws {@link ErasureRefusedError} saying why, or returns. */
  check(request: PersonErasedData): void;
}

/**
 * A public authority's records (a district council's): allmänna handlingar, kept under the
 * archive law. An erasure is gallring and needs a gallringsbeslut; GDPR art. 17 alone does not
 * apply to what the archive law requires to be kept (art. 17.3 b).
 */
export const publicAuthorityPolicy: ErasurePolicy = {
  name: "public-authority",
  check(request) {
    if (request.legalBasis.kind !== "gallringsbeslut")
      throw new ErasureRefusedError(
        request.personId,
        "a public authority's records are allmänna handlingar: erasure is gallring and needs a gallringsbeslut (give its reference)",
      );
  },
};

/** An organisation's own copy of its history: GDPR alone; a gallringsbeslut is accepted too. */
export const organisationPolicy: ErasurePolicy = {
  name: "organisation",
  check() {},
};

/** What {@link forgetPerson} did. */
export interface ErasureResult {
  /** Whether this call recorded the erasure event (a retry after a crash finds it there). */
  readonly recorded: boolean;
  /** Whether this call destroyed the key (a retry finds it gone). */
  readonly destroyed: boolean;
}

/**
 * Erases a person's data under `policy`: records the erasure (an event of its own, with no
 * personal data) and destroys the person's key, so every value sealed under it reads as erased.
 * The decisions themselves stay, and the hash chain and checkpoints still hold: they cover the
 * sealed bytes. Safe to run again after a failure: what was done is not done twice.
 * @throws {ErasureRefusedError} when the policy refuses, or the store holds no data of the person.
 * @throws {InvalidStoreInputError} for a request that is not well formed, naming the field.
 */
export async function forgetPerson(
  store: PersonalDataStore,
  request: ErasureRequest,
  policy: ErasurePolicy,
): Promise<ErasureResult> {
  const parsed = personErasedData.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ErasureRefusedError(
      String((request as { personId?: unknown }).personId),
      `${issue?.path.join(".") || "request"} ${issue?.message}`,
    );
  }
  const erasure = parsed.data;
  policy.check(erasure);
  const already = (await erasures(store)).some((e) => e.personId === erasure.personId);
  const key = await store.keys.key(erasure.personId, { create: false });
  if (!already && key === undefined)
    throw new ErasureRefusedError(erasure.personId, "this store holds no sealed data of that person");
  if (!already)
    await store.sealed.append(
      PERSONAL_DATA_STREAM,
      [{ type: "PersonErased", schemaVersion: 1, data: erasure }],
      {
        expectedVersion: "any",
      },
    );
  // Destroyed again on a retry too: a clean-up that failed part-way (a busy checkpoint) finishes.
  const destroyed = await store.keys.destroy(erasure.personId);
  return { recorded: !already, destroyed };
}

/** Every erasure recorded in the store, oldest first. */
export async function erasures(store: Pick<PersonalDataStore, "sealed">): Promise<PersonErasedData[]> {
  const events = await store.sealed.readStream(PERSONAL_DATA_STREAM);
  return events.filter((e) => e.type === "PersonErased").map((e) => e.data as PersonErasedData);
}
