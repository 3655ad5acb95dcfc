import {
  type AgreementState,
  initialState,
  normaliseOrganisationNumber,
  type ValidationInput,
} from "@iop/core";
import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summariseAgreement } from "../context/agreement-summary.js";
import type { AgreementSummary, PublicPartySuccession } from "../rule.js";
import { write, writtenForms } from "../testing/arbitraries.js";
import { apply, eventOf, stateAfter } from "../testing/builders.js";
import { agreementChain, type GeneratedAgreement } from "../testing/generated-agreements.js";
import { checkRules, resolveRuleSet } from "../validator.js";
import { REFERENCE_OTHER_PARTNERSHIP, referenceOtherPartnershipRule } from "./reference-other-partnership.js";
import { referenceUnknownRule } from "./reference-unknown.js";

const rules = resolveRuleSet([{ rule: referenceUnknownRule }, { rule: referenceOtherPartnershipRule }]);
const SUCCESSOR = "Efterträdande nämnd";

/** One generated agreement, folded: its state and summary, under `agreementId`. */
interface Folded {
  readonly state: AgreementState;
  readonly summary: AgreementSummary;
  readonly council: string;
}

function folded(agreement: GeneratedAgreement, agreementId: string): Folded {
  const state = stateAfter(...agreement.commands);
  const summary = summariseAgreement(state);
  if (summary === undefined) throw new Error("a generated agreement has an application");
  return { state, summary: { ...summary, agreementId }, council: state.publicParties[0]?.name ?? "" };
}

/** Two organisations' chains of agreements (the second's ids renamed), and how to write the first's number. */
const histories = fc
  .record({
    ours: agreementChain,
    theirs: agreementChain,
    form: fc.constantFrom(...writtenForms),
    succeeded: fc.boolean(),
    pick: fc.nat(),
    position: fc.nat(),
  })
  .filter(
    ({ ours, theirs }) =>
      normaliseOrganisationNumber(folded(ours[0] as GeneratedAgreement, "x").summary.organisationNumber) !==
      normaliseOrganisationNumber(folded(theirs[0] as GeneratedAgreement, "x").summary.organisationNumber),
  )
  .map(({ ours, theirs, form, succeeded, pick, position }) => ({
    ours: ours.map((a) => folded(a, a.agreementId)),
    theirs: theirs.map((a, i) => folded(a, `other-${i}`)),
    form,
    succeeded,
    pick,
    position,
  }));

/** The two reference rules' violations of `input`, the lookup knowing every generated agreement. */
function check(
  input: ValidationInput,
  known: readonly Folded[],
  successions: readonly PublicPartySuccession[],
) {
  return checkRules(rules, input, {
    referencedAgreements: (ids) => ({
      agreements: known.map((k) => k.summary).filter((s) => ids.includes(s.agreementId)),
      successions,
    }),
  });
}

describe(`${REFERENCE_OTHER_PARTNERSHIP} over generated histories`, () => {
  it("property: a successor naming an agreement of its partnership (its council, or the council's successor) passes; naming another organisation's is refused", async () => {
    await fc.assert(
      fc.asyncProperty(histories, async ({ ours, theirs, form, succeeded, pick }) => {
        const predecessor = ours[pick % ours.length] as Folded;
        const successions = succeeded
          ? [{ from: predecessor.council, to: SUCCESSOR, effectiveOn: "2030-01-01" }]
          : [];
        const digits = normaliseOrganisationNumber(predecessor.summary.organisationNumber).replace("-", "");
        const application = (predecessorAgreementId: string): ValidationInput => {
          const event = eventOf(
            apply({
              agreementId: "next",
              partnershipId: "generated-partnership",
              predecessorAgreementId,
              publicParties: [{ name: succeeded ? SUCCESSOR : predecessor.council }],
              organisation: { name: "Föreningen", organisationNumber: write(digits, form) },
            }),
          );
          return { agreementId: "next", event, events: [event], state: initialState };
        };
        const known = [...ours, ...theirs];
        expect(await check(application(predecessor.summary.agreementId), known, successions)).toEqual([]);
        const stranger = theirs[pick % theirs.length] as Folded;
        const refused = await check(application(stranger.summary.agreementId), known, successions);
        expect(refused.map(({ code, field, details }) => ({ code, field, details }))).toEqual([
          {
            code: REFERENCE_OTHER_PARTNERSHIP,
            field: "data.predecessorAgreementId",
            details: { agreementId: stranger.summary.agreementId, reason: "other-organisation" },
          },
        ]);
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it("property: an evaluation covering its partnership's agreements passes, and one more of another organisation is refused at its index", async () => {
    await fc.assert(
      fc.asyncProperty(histories, async ({ ours, theirs, pick, position }) => {
        const evaluated = ours[pick % ours.length] as Folded;
        const partners = ours
          .filter((a) => a.council === evaluated.council)
          .map((a) => a.summary.agreementId);
        const stranger = theirs[pick % theirs.length] as Folded;
        const at = position % (partners.length + 1);
        const evaluation = (scope: string[]): ValidationInput => {
          const event = eventOf({
            type: "Evaluate",
            data: {
              evaluatedOn: "2040-01-01",
              scope,
              method: "Workshop",
              goalAttainment: { overall: "met" },
            },
          });
          return {
            agreementId: evaluated.summary.agreementId,
            event,
            events: [event],
            state: evaluated.state,
          };
        };
        const known = [...ours, ...theirs];
        expect(await check(evaluation(partners), known, [])).toEqual([]);
        const wider = [...partners.slice(0, at), stranger.summary.agreementId, ...partners.slice(at)];
        const refused = await check(evaluation(wider), known, []);
        expect(refused.map(({ code, field }) => ({ code, field }))).toEqual([
          { code: REFERENCE_OTHER_PARTNERSHIP, field: `data.scope.${at}` },
        ]);
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});
