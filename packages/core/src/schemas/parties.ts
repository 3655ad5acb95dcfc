import { z } from "zod";
import { kronor } from "./money.js";

/** Text that is not empty once trimmed (and is recorded trimmed). */
const text = z.string().trim().min(1, { message: "must not be empty" });

/**
 * The public party: a municipal board such as a district council. The name is the one the
 * body had when the record was made; mergers are recorded as successions, not renames.
 */
export const publicParty = z.object({
  name: text,
  /** Organisationsnummer, kept as written; the rules package checks its format. */
  organisationNumber: z.string().optional(),
  municipality: z.string().optional(),
});
/** The public party of an agreement. */
export type PublicParty = z.infer<typeof publicParty>;

/** The non-profit party (idéburen organisation). */
export const organisation = z.object({
  name: text,
  /** Organisationsnummer, kept as written (`802400-1234`); the rules package checks it. */
  organisationNumber: z.string(),
});
/** The non-profit party of an agreement. */
export type Organisation = z.infer<typeof organisation>;

/** Which side of the partnership a commitment, signatory or initiative belongs to. */
export const side = z.enum(["public", "organisation"]);
/** Which side of the partnership: `public` or `organisation`. */
export type Side = z.infer<typeof side>;

/** A resource one party brings: money, staff, premises, coordination or something else. */
export const contribution = z.object({
  party: side,
  kind: z.enum(["money", "staff", "premises", "coordination", "knowledge", "volunteers", "other"]),
  description: text,
  /** Only for money: whole kronor. */
  amountKronor: kronor.optional(),
});
/** A resource one party brings to the partnership. */
export type Contribution = z.infer<typeof contribution>;

const PERSONNUMMER = /^(\d{2})?\d{6}[-+]?\d{4}$/;

/**
 * A stable, pseudonymous id of a person (an HR or case-system id, a UUID): what personal data is
 * keyed and erased by. Never a personnummer.
 */
export const personId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, {
    message: "must be 1–64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit",
  })
  .refine((id) => !PERSONNUMMER.test(id), { message: "must not be a personnummer: use a pseudonymous id" });

/**
 * A person acting in a role. The role is what matters for the record; a name is kept only
 * where a decision names the person, and is personal data: stored encrypted under the person's
 * key when the store is opened with personal-data protection, and erasable (see
 * docs/personal-data.md). Never contact details.
 */
export const person = z.object({
  role: text,
  /** Whom the personal fields belong to; required where a name is given to a protected store. */
  personId: personId.optional(),
  name: z.string().meta({ personal: "name" }).optional(),
  party: side.optional(),
});
/** A person acting in a role; a name only where a decision names them. */
export type Person = z.infer<typeof person>;

/** An activity of the partnership, e.g. "Art Camp" or "Konstakuten". */
export const activity = z.object({
  name: text,
  description: z.string().optional(),
});
/** An activity of the partnership. */
export type Activity = z.infer<typeof activity>;

export { text as nonEmptyText };
