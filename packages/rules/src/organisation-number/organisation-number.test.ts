import { normaliseOrganisationNumber } from "@iop/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ORG_NUMBER_CHECK_DIGIT, orgNumberCheckDigitRule } from "../rules/org-number-check-digit.js";
import { ORG_NUMBER_FORMAT, orgNumberFormatRule } from "../rules/org-number-format.js";
import { ORG_NUMBER_PUBLIC_BODY, orgNumberPublicBodyRule } from "../rules/org-number-public-body.js";
import { organisationDigits, organisationNumber, write, writtenForms } from "../testing/arbitraries.js";
import { apply, inputOf } from "../testing/builders.js";
import { createValidator } from "../validator.js";
import {
  hasValidCheckDigit,
  isValidOrganisationNumber,
  luhnCheckDigit,
  parseOrganisationNumber,
} from "./organisation-number.js";

const validate = createValidator([
  { rule: orgNumberFormatRule },
  { rule: orgNumberCheckDigitRule },
  { rule: orgNumberPublicBodyRule },
]);

async function codesFor(organisationNumber: string): Promise<string[]> {
  const violations = await validate(inputOf(apply({ organisation: { name: "X", organisationNumber } })));
  return violations.map((v) => v.code);
}

describe("organisation numbers", () => {
  it("accepts the documented examples in every written form", () => {
    for (const digits of ["2120000142", "5560160680", "8024001235"])
      for (const form of writtenForms) expect(isValidOrganisationNumber(write(digits, form))).toBe(true);
    expect(normaliseOrganisationNumber("168024001235")).toBe("802400-1235");
    expect(normaliseOrganisationNumber(" 802400-1235 ")).toBe("802400-1235");
  });

  it("computes the Luhn check digit", () => {
    expect(luhnCheckDigit("212000014")).toBe(2);
    expect(luhnCheckDigit("556016068")).toBe(0);
    expect(luhnCheckDigit("802400123")).toBe(5);
    expect(hasValidCheckDigit("2120000143")).toBe(false);
  });

  it("refuses shapes that are not organisation numbers", () => {
    for (const bad of [
      "",
      "80240-01235",
      "802400--1235",
      "802400 1235",
      "8024001235x",
      "19802400-1235",
      "1680240012350",
      "802400-123",
      "８０２４００-１２３５",
    ])
      expect(parseOrganisationNumber(bad)).toEqual({ problem: "shape" });
    // Digits 3–4 below 20: a personal identity number (month 01–12), not an organisation's.
    expect(parseOrganisationNumber("801231-1234")).toEqual({ problem: "middle-digits" });
    expect(parseOrganisationNumber("801931-1234")).toEqual({ problem: "middle-digits" });
    expect(parseOrganisationNumber("802031-1234")).toMatchObject({ digits: "8020311234" });
  });

  it("property: every generated valid number passes all three rules, in every written form", async () => {
    await fc.assert(
      fc.asyncProperty(organisationNumber(), async (written) => {
        expect(isValidOrganisationNumber(written)).toBe(true);
        expect(await codesFor(written)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("property: every single-digit change (10 positions × the 9 other digits) fails, and the check digit catches every change that keeps the format", async () => {
    let keptFormat = 0;
    await fc.assert(
      fc.asyncProperty(organisationDigits(), fc.constantFrom(...writtenForms), async (digits, form) => {
        for (let position = 0; position < 10; position++)
          for (let digit = 0; digit <= 9; digit++) {
            if (String(digit) === digits[position]) continue;
            const changed = `${digits.slice(0, position)}${digit}${digits.slice(position + 1)}`;
            const codes = await codesFor(write(changed, form));
            expect(codes.length).toBeGreaterThan(0);
            if (Number(changed.slice(2, 4)) >= 20) {
              keptFormat++;
              expect(codes).toContain(ORG_NUMBER_CHECK_DIGIT);
            } else expect(codes).toEqual([ORG_NUMBER_FORMAT]);
          }
      }),
      { numRuns: 200 },
    );
    expect(keptFormat).toBeGreaterThan(200 * 80);
  });

  it("property: a valid number in group 2 is well-formed but refused as a public body", async () => {
    await fc.assert(
      fc.asyncProperty(organisationNumber([2]), async (written) => {
        expect(await codesFor(written)).toEqual([ORG_NUMBER_PUBLIC_BODY]);
      }),
      { numRuns: 200 },
    );
  });

  it("reports one violation per typo, in both languages, on the organisation number field", async () => {
    const violations = await validate(
      inputOf(apply({ organisation: { name: "Stockholms stad", organisationNumber: "212000-0143" } })),
    );
    expect(violations).toEqual([
      {
        code: ORG_NUMBER_CHECK_DIGIT,
        severity: "error",
        field: "data.organisation.organisationNumber",
        message: {
          sv: expect.stringContaining("borde vara 2"),
          en: expect.stringContaining("should be 2"),
        },
      },
    ]);
    expect(await codesFor("212000-0142")).toEqual([ORG_NUMBER_PUBLIC_BODY]);
    expect(await codesFor("800101-1234")).toEqual([ORG_NUMBER_FORMAT]);
    expect(await codesFor("not a number")).toEqual([ORG_NUMBER_FORMAT]);
  });
});
