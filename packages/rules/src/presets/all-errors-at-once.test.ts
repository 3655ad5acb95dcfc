import { AgreementCommandHandler, agreementStreamId, type Command, RuleViolationError } from "@iop/core";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { storeAgreementLookup } from "../context/store-lookup.js";
import { AUTHORITY_NOT_IN_FORCE } from "../rules/authority-in-force.js";
import { DE_MINIMIS_EXCEEDED } from "../rules/de-minimis.js";
import { ONE_SIDED_CONTRIBUTION } from "../rules/one-sided-contribution.js";
import { OPEN_ENDED_EXTENSION } from "../rules/open-ended-extension.js";
import { ORG_NUMBER_CHECK_DIGIT } from "../rules/org-number-check-digit.js";
import { AGREEMENT_ID, apply, grant, sign } from "../testing/builders.js";
import { createValidator } from "../validator.js";
import { stockholmRules } from "./stockholm.js";

/** The core handler with the Stockholm preset, as an application wires them. */
function wired() {
  const store = createMemoryStore();
  const validator = createValidator(stockholmRules, { otherAgreements: storeAgreementLookup(store) });
  return { store, handler: new AgreementCommandHandler({ store, validator }) };
}

/** The refusal of `command`, which must be a {@link RuleViolationError}. */
async function refusal(
  handler: AgreementCommandHandler,
  command: Command,
  agreementId = AGREEMENT_ID,
): Promise<RuleViolationError> {
  const error = await handler.handle(agreementId, command).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RuleViolationError);
  return error as RuleViolationError;
}

/** What a caller acts on: code, severity, field, and a message in both languages. */
function located(error: RuleViolationError) {
  for (const v of error.violations)
    expect(v.message).toEqual({ sv: expect.stringMatching(/\S/), en: expect.stringMatching(/\S/) });
  return error.violations.map(({ code, severity, field }) => ({ code, severity, field }));
}

describe("one command that breaks several Stockholm rules is refused with all of them at once", () => {
  it("Apply: a mistyped organisation number and only public money; the long request's warning is not listed", async () => {
    const { store, handler } = wired();
    const error = await refusal(
      handler,
      apply({
        organisation: { name: "Testföreningen", organisationNumber: "802400-1234" },
        contributions: [{ party: "public", kind: "money", description: "Bidrag" }],
        requestedPeriod: { start: "2022-01-01", end: "2025-06-30" },
      }),
    );
    expect(located(error)).toEqual([
      { code: ORG_NUMBER_CHECK_DIGIT, severity: "error", field: "data.organisation.organisationNumber" },
      { code: ONE_SIDED_CONTRIBUTION, severity: "error", field: "data.contributions" },
    ]);
    // The request of 42 months also warns (AGREEMENT_TOO_LONG), but only errors refuse.
    expect(error.message).toContain(ORG_NUMBER_CHECK_DIGIT);
    expect(error.message).toContain(ONE_SIDED_CONTRIBUTION);
    expect(await store.readAll()).toEqual([]);
  });

  it("Grant: by a council dissolved on the decision date, over the de minimis ceiling with another giver's grant", async () => {
    const { store, handler } = wired();
    // 2 000 000 kr from another public giver in 2022; at 11 SEK/EUR the ceiling before 2024 is
    // EUR 200 000 = 2 200 000 kr, so 200 001 kr more is one krona over.
    await handler.handle(
      "earlier",
      apply({
        agreementId: "earlier",
        partnershipId: "kulturnamnden",
        publicParties: [{ name: "Kulturnämnden" }],
        receivedOn: "2022-01-10",
      }),
    );
    await handler.handle("earlier", grant({ grantedKronor: 2_000_000 }, "Kulturnämnden", "2022-03-24"));
    await handler.handle(AGREEMENT_ID, apply({ receivedOn: "2023-06-15" }));
    const recorded = (await store.readAll()).length;

    const error = await refusal(
      handler,
      grant(
        { grantedKronor: 200_001, period: { start: "2023-07-01", end: "2023-12-31" } },
        "Rinkeby-Kista stadsdelsnämnd",
        "2023-08-01",
      ),
    );
    expect(located(error)).toEqual([
      { code: DE_MINIMIS_EXCEEDED, severity: "error", field: "data.grantedKronor" },
      { code: AUTHORITY_NOT_IN_FORCE, severity: "error", field: "data.decision.body" },
    ]);
    // Its period starts before the decision, a warning (RETROACTIVE_START) that is not listed.
    expect(error.violations[0]?.message.en).toContain("by 1 kr");
    expect(error.violations[1]?.details).toMatchObject({ successor: "Järva stadsdelsnämnd" });
    expect(await store.readAll()).toHaveLength(recorded);
  });

  it("Sign: an open-ended extension clause and terms where only the organisation contributes", async () => {
    const { store, handler } = wired();
    await handler.handle(AGREEMENT_ID, apply());
    await handler.handle(AGREEMENT_ID, grant());
    const error = await refusal(
      handler,
      sign({
        terms: {
          extension: { kind: "open-ended" },
          contributions: [{ party: "organisation", kind: "staff", description: "Ledare" }],
        },
      }),
    );
    expect(located(error)).toEqual([
      { code: OPEN_ENDED_EXTENSION, severity: "error", field: "data.terms.extension.kind" },
      { code: ONE_SIDED_CONTRIBUTION, severity: "error", field: "data.terms.contributions" },
    ]);
    expect(await store.readStream(agreementStreamId(AGREEMENT_ID))).toHaveLength(2);
  });
});
