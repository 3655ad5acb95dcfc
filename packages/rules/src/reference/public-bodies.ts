import { addCalendarDays, type CalendarDate, calendarDate } from "@iop/core";
import { z } from "zod";
import { normaliseText } from "../text.js";

/** One public body (e.g. a district council) and the days it existed under its name. */
export const publicBodyRecord = z.object({
  /** The body's name, e.g. "Rinkeby-Kista stadsdelsnämnd". */
  name: z.string().trim().min(1),
  /** Other spellings that mean the same body. */
  aliases: z.array(z.string().trim().min(1)).optional(),
  /** First day it existed (or the first day the data covers). */
  validFrom: calendarDate,
  /** Last day it existed; absent while it exists. */
  validTo: calendarDate.optional(),
  /** The body that took over its responsibilities the day after `validTo`. */
  successor: z.string().trim().min(1).optional(),
  /** The decision behind its creation or dissolution. */
  basis: z.string().optional(),
});
export type PublicBodyRecord = z.infer<typeof publicBodyRecord>;

/**
 * Versioned reference data on a municipality's public bodies. Dates before `coversFrom` are
 * outside the data: nothing is known about them.
 */
export const publicBodyRegistry = z
  .object({
    /** What the data describes, e.g. "Stockholms stad: stadsdelsnämnder". */
    name: z.string().min(1),
    /** The version of the data; change it whenever the data changes. */
    version: z.string().min(1),
    coversFrom: calendarDate,
    bodies: z.array(publicBodyRecord),
  })
  .superRefine((registry, ctx) => {
    const byName = new Map<string, PublicBodyRecord>();
    registry.bodies.forEach((body, i) => {
      for (const name of [body.name, ...(body.aliases ?? [])]) {
        const key = normaliseText(name);
        if (byName.has(key))
          ctx.addIssue({ code: "custom", path: ["bodies", i, "name"], message: `"${name}" is listed twice` });
        byName.set(key, body);
      }
      if (body.validTo !== undefined && body.validTo < body.validFrom)
        ctx.addIssue({
          code: "custom",
          path: ["bodies", i, "validTo"],
          message: "must not be before validFrom",
        });
      if (body.successor !== undefined && body.validTo === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["bodies", i, "successor"],
          message: "a body with a successor must have a validTo",
        });
    });
    registry.bodies.forEach((body, i) => {
      if (body.successor === undefined || body.validTo === undefined) return;
      const successor = byName.get(normaliseText(body.successor));
      const takeover = addCalendarDays(body.validTo, 1);
      if (successor === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["bodies", i, "successor"],
          message: `"${body.successor}" is not in the registry`,
        });
      else if (!inForce(successor, takeover))
        ctx.addIssue({
          code: "custom",
          path: ["bodies", i, "successor"],
          message: `"${body.successor}" does not exist on ${takeover}, the day after ${body.name} ends`,
        });
    });
  });
export type PublicBodyRegistry = z.infer<typeof publicBodyRegistry>;

function inForce(body: PublicBodyRecord, date: CalendarDate): boolean {
  return body.validFrom <= date && (body.validTo === undefined || date <= body.validTo);
}

/**
 * A city's own list merged over another: bodies of `extra` replace those of `base` with the
 * same name and are otherwise added. The result is validated again.
 * @throws {z.ZodError} when the merged data is inconsistent (e.g. a successor that is missing).
 */
export function mergeRegistries(
  base: PublicBodyRegistry,
  extra: Partial<Pick<PublicBodyRegistry, "name" | "coversFrom">> &
    Pick<PublicBodyRegistry, "version" | "bodies">,
): PublicBodyRegistry {
  const replaced = new Set(extra.bodies.map((b) => normaliseText(b.name)));
  return publicBodyRegistry.parse({
    name: extra.name ?? base.name,
    version: `${base.version}+${extra.version}`,
    coversFrom:
      extra.coversFrom !== undefined && extra.coversFrom < base.coversFrom
        ? extra.coversFrom
        : base.coversFrom,
    bodies: [...base.bodies.filter((b) => !replaced.has(normaliseText(b.name))), ...extra.bodies],
  });
}

/** Lookups in a registry. Names are matched in normalised form (case, spaces, dashes). */
export interface PublicBodyLookup {
  readonly registry: PublicBodyRegistry;
  /** The body with this name or alias, whatever the date. */
  find(name: string): PublicBodyRecord | undefined;
  /** The body under this name if it existed on `date`, else `undefined`. */
  bodyInForce(name: string, date: CalendarDate): PublicBodyRecord | undefined;
  /**
   * The body that carried on `name`'s responsibilities on `date`, following successions (A → B
   * → C). `undefined` when `name` itself existed on `date`, is unknown, or had no successor in
   * force on `date`.
   */
  successorOn(name: string, date: CalendarDate): PublicBodyRecord | undefined;
  /** The bodies `name` took over from (its direct predecessors). */
  predecessorsOf(name: string): readonly PublicBodyRecord[];
  /** Every body that existed on `date`. */
  inForceOn(date: CalendarDate): readonly PublicBodyRecord[];
  /** True when `date` lies inside what the data covers. */
  covers(date: CalendarDate): boolean;
}

/** Builds the lookups of a registry (validated first). */
export function publicBodyLookup(data: PublicBodyRegistry): PublicBodyLookup {
  const registry = publicBodyRegistry.parse(data);
  const byName = new Map<string, PublicBodyRecord>();
  for (const body of registry.bodies)
    for (const name of [body.name, ...(body.aliases ?? [])]) byName.set(normaliseText(name), body);
  const find = (name: string) => byName.get(normaliseText(name));
  return {
    registry,
    find,
    bodyInForce(name, date) {
      const body = find(name);
      return body !== undefined && inForce(body, date) ? body : undefined;
    },
    successorOn(name, date) {
      let body = find(name);
      if (body === undefined || inForce(body, date)) return undefined;
      const seen = new Set<PublicBodyRecord>();
      while (body !== undefined && !seen.has(body)) {
        seen.add(body);
        if (body.successor === undefined) return undefined;
        body = find(body.successor);
        if (body !== undefined && inForce(body, date)) return body;
      }
      return undefined;
    },
    predecessorsOf(name) {
      const body = find(name);
      if (body === undefined) return [];
      return registry.bodies.filter((b) => b.successor !== undefined && find(b.successor) === body);
    },
    inForceOn(date) {
      return registry.bodies.filter((b) => inForce(b, date));
    },
    covers(date) {
      return date >= registry.coversFrom;
    },
  };
}
