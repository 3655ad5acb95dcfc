import type { CalendarDate, Decision, DomainEvent, Violation } from "@iop/core";
import { z } from "zod";
import {
  type PublicBodyLookup,
  type PublicBodyRegistry,
  publicBodyLookup,
  publicBodyRegistry,
} from "../reference/public-bodies.js";
import { defineRule } from "../rule.js";
import { violation } from "../violation.js";

/** Code of {@link authorityInForceRule}. */
export const AUTHORITY_NOT_IN_FORCE = "AUTHORITY_NOT_IN_FORCE";

/** Parameters of {@link authorityInForceRule}. */
export interface AuthorityInForceParams {
  /** The reference data on the municipality's bodies (default: empty, so the rule checks nothing). */
  readonly registry: PublicBodyRegistry;
}

/** The board decision an event records, if it records one. */
export function decisionOf(event: DomainEvent): Decision | undefined {
  switch (event.type) {
    case "Granted":
    case "Rejected":
    case "Extended":
    case "Amended":
    case "Renegotiated":
    case "RenewalDeclined":
    case "Evaluated":
    case "Terminated":
      return event.data.decision;
    default:
      return undefined;
  }
}

const lookups = new WeakMap<PublicBodyRegistry, PublicBodyLookup>();

function lookupOf(registry: PublicBodyRegistry): PublicBodyLookup {
  let lookup = lookups.get(registry);
  if (lookup === undefined) {
    lookup = publicBodyLookup(registry);
    lookups.set(registry, lookup);
  }
  return lookup;
}

/** The violation for one body that did not exist under `name` on `date`, if it did not. */
function notInForce(
  lookup: PublicBodyLookup,
  name: string,
  date: CalendarDate,
  field: string,
  role: { sv: string; en: string },
): Violation | undefined {
  const body = lookup.find(name);
  if (body === undefined || !lookup.covers(date) || lookup.bodyInForce(name, date) !== undefined)
    return undefined;
  if (date < body.validFrom) {
    const before = lookup
      .predecessorsOf(name)
      .filter((p) => lookup.bodyInForce(p.name, date) !== undefined)
      .map((p) => p.name);
    const then = before.length === 0 ? undefined : before.join(" / ");
    return violation(AUTHORITY_NOT_IN_FORCE, "error", field, {
      sv: `${role.sv} ${body.name} fanns inte den ${date}: nämnden finns från ${body.validFrom}${then === undefined ? "" : `; den ${date} var det ${then}`}`,
      en: `${role.en} ${body.name} did not exist on ${date}: it exists from ${body.validFrom}${then === undefined ? "" : `; on ${date} it was ${then}`}`,
    });
  }
  const successor = lookup.successorOn(name, date);
  return violation(
    AUTHORITY_NOT_IN_FORCE,
    "error",
    field,
    {
      sv: `${role.sv} ${body.name} fanns inte den ${date}: den upphörde ${body.validTo}${successor === undefined ? "" : ` och efterträddes av ${successor.name}, som ska stå som part och besluta`}${body.basis === undefined ? "" : ` (${body.basis})`}`,
      en: `${role.en} ${body.name} did not exist on ${date}: it ceased on ${body.validTo}${successor === undefined ? "" : ` and was succeeded by ${successor.name}, which must be the party and decide`}${body.basis === undefined ? "" : ` (${body.basis})`}`,
    },
    {
      body: body.name,
      date,
      ceasedOn: body.validTo,
      ...(successor === undefined ? {} : { successor: successor.name }),
    },
  );
}

/**
 * A decision must be taken by a body that exists under that name on the decision date, on an
 * agreement whose public parties exist on that date. District councils merge (Rinkeby-Kista +
 * Spånga-Tensta → Järva on 2023-07-01): a decision by, or on behalf of, a council that no longer
 * exists is an error naming its successor — record the succession (`PublicPartySucceeded`) and
 * let the successor decide. Bodies the reference data does not list, and dates before it
 * begins, are not judged.
 */
export const authorityInForceRule = defineRule<AuthorityInForceParams>({
  code: AUTHORITY_NOT_IN_FORCE,
  description: {
    sv: "Beslutande nämnd och offentliga parter finns under det namnet på beslutsdagen",
    en: "The deciding body and the public parties exist under that name on the decision date",
  },
  source:
    "Municipal reorganisations (reference data), e.g. Stockholm: Kommunfullmäktige 2023-04-24, new district councils from 2023-07-01",
  defaultSeverity: "error",
  appliesTo: [
    "Granted",
    "Rejected",
    "Extended",
    "Amended",
    "Renegotiated",
    "RenewalDeclined",
    "Evaluated",
    "Terminated",
  ],
  parameters: {
    schema: z.object({ registry: publicBodyRegistry }),
    defaults: { registry: { name: "(none)", version: "0", coversFrom: "0001-01-01", bodies: [] } },
  },
  check({ event, state }, _context, { registry }) {
    const decision = decisionOf(event);
    if (decision === undefined || registry.bodies.length === 0) return [];
    const lookup = lookupOf(registry);
    const deciding = lookup.find(decision.body);
    const found: Violation[] = [];
    const byBody = notInForce(lookup, decision.body, decision.date, "data.decision.body", {
      sv: "Beslutande nämnd",
      en: "The deciding body",
    });
    if (byBody !== undefined) found.push(byBody);
    state.publicParties.forEach((party, i) => {
      // One violation per body: a party that is the dissolved deciding body is already named.
      if (byBody !== undefined && lookup.find(party.name) === deciding) return;
      const byParty = notInForce(lookup, party.name, decision.date, `state.publicParties.${i}.name`, {
        sv: "Den offentliga parten",
        en: "The public party",
      });
      if (byParty !== undefined) found.push(byParty);
    });
    return found;
  },
});
