import { AgreementCommandHandler, type Command, type Contribution, RuleViolationError } from "@iop/core";
import { InMemoryEventStore } from "@iop/store-memory";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { storeAgreementLookup } from "../context/store-lookup.js";
import { addDays } from "../dates.js";
import { lastDayWithin } from "../rules/agreement-too-long.js";
import { ONE_SIDED_CONTRIBUTION } from "../rules/one-sided-contribution.js";
import { RETROACTIVE_START } from "../rules/retroactive-start.js";
import { dateFrom, organisationNumber } from "../testing/arbitraries.js";
import { createValidator } from "../validator.js";
import { genericSwedishRules } from "./generic-swedish.js";

const kinds = ["money", "staff", "premises", "coordination", "knowledge", "volunteers", "other"] as const;

function contributions(party: "public" | "organisation"): fc.Arbitrary<Contribution[]> {
  return fc.array(
    fc.record({
      party: fc.constant(party),
      kind: fc.constantFrom(...kinds),
      description: fc.constantFrom("Bidrag", "Lokaler", "Ledare", "Samordning"),
    }),
    { minLength: 1, maxLength: 3 },
  );
}

/** A period of at most 36 months starting on `start`. */
function periodFrom(start: string) {
  return fc
    .tuple(fc.integer({ min: 1, max: 36 }), fc.integer({ min: 0, max: 27 }))
    .map(([months, shorter]) => {
      const last = lastDayWithin(start, months);
      const end = addDays(last, -shorter);
      return { start, end: end < start ? last : end };
    });
}

/** Apply → Grant → Sign of one ordinary agreement, within sane bounds. */
const agreement = fc
  .record({
    organisationNumber: organisationNumber(),
    council: fc.constantFrom(
      "Bromma stadsdelsnämnd",
      "Socialnämnden",
      "Kulturnämnden i Umeå",
      "Region Skåne",
    ),
    receivedOn: dateFrom("2007-01-01", 30 * 365),
    decisionAfter: fc.integer({ min: 0, max: 200 }),
    startFromDecision: fc.integer({ min: -120, max: 180 }),
    signedAfter: fc.integer({ min: 0, max: 60 }),
    requestedKronor: fc.integer({ min: 1, max: 3_000_000 }),
    grantedKronor: fc.integer({ min: 1, max: 2_000_000 }),
    publicSide: contributions("public"),
    organisationSide: contributions("organisation"),
    extension: fc.oneof(
      fc.constant({ kind: "none" as const }),
      fc.integer({ min: 1, max: 24 }).map((maxMonths) => ({ kind: "limited" as const, maxMonths })),
    ),
  })
  .chain((a) => {
    const decidedOn = addDays(a.receivedOn, a.decisionAfter);
    return fc
      .record({
        requested: periodFrom(addDays(a.receivedOn, 30)),
        granted: periodFrom(addDays(decidedOn, a.startFromDecision)),
      })
      .map((p) => ({ ...a, ...p, decidedOn, signedOn: addDays(decidedOn, a.signedAfter) }));
  });

type Generated = typeof agreement extends fc.Arbitrary<infer T> ? T : never;

function commandsOf(a: Generated, organisationContributes = true): Command[] {
  const contributed = organisationContributes ? [...a.publicSide, ...a.organisationSide] : a.publicSide;
  return [
    {
      type: "Apply",
      data: {
        agreementId: "generated",
        partnershipId: "generated-partnership",
        publicParties: [{ name: a.council }],
        organisation: { name: "Föreningen", organisationNumber: a.organisationNumber },
        receivedOn: a.receivedOn,
        purpose: "Gemensamt samhällsnyttigt ändamål",
        requestedKronor: a.requestedKronor,
        requestedPeriod: a.requested,
        contributions: contributed,
      },
    },
    {
      type: "Grant",
      data: {
        decision: { body: a.council, date: a.decidedOn },
        grantedKronor: a.grantedKronor,
        period: a.granted,
      },
    },
    {
      type: "Sign",
      data: {
        signedOn: a.signedOn,
        signatories: [{ role: "ordförande", party: "organisation" }],
        terms: { contributions: contributed, extension: a.extension },
      },
    },
  ];
}

function handler() {
  const store = new InMemoryEventStore();
  const validator = createValidator(genericSwedishRules, { otherAgreements: storeAgreementLookup(store) });
  return new AgreementCommandHandler({ store, validator });
}

describe("the generic Swedish set on generated agreements", () => {
  it("property: a valid Apply → Grant → Sign records with no error, warning of a retroactive start exactly when there is one", async () => {
    let retroactive = 0;
    await fc.assert(
      fc.asyncProperty(agreement, async (a) => {
        const h = handler();
        const results = [];
        for (const command of commandsOf(a)) results.push(await h.handle("generated", command));
        expect(results.map((r) => r.state.status)).toEqual(["applied", "granted", "signed"]);
        const all = results.flatMap((r) => r.warnings);
        expect(all.every((v) => v.severity === "warning")).toBe(true);
        const isRetroactive = a.granted.start < a.decidedOn;
        if (isRetroactive) retroactive++;
        expect(results[1]?.warnings.map((w) => w.code)).toEqual(isRetroactive ? [RETROACTIVE_START] : []);
      }),
      { numRuns: 200 },
    );
    expect(retroactive).toBeGreaterThan(10);
  });

  it("property: the same agreement with nothing from the organisation is refused at the application", async () => {
    await fc.assert(
      fc.asyncProperty(agreement, async (a) => {
        const [applied] = commandsOf(a, false);
        const refusal = await handler()
          .handle("generated", applied as Command)
          .catch((e: unknown) => e);
        expect(refusal).toBeInstanceOf(RuleViolationError);
        expect((refusal as RuleViolationError).violations.map((v) => v.code)).toEqual([
          ONE_SIDED_CONTRIBUTION,
        ]);
      }),
      { numRuns: 200 },
    );
  });
});
