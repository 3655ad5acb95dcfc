import type { RuleSet } from "../rule-set.js";
import { agreementTooLongRule } from "../rules/agreement-too-long.js";
import { deMinimisRule } from "../rules/de-minimis.js";
import { oneSidedContributionRule } from "../rules/one-sided-contribution.js";
import { openEndedExtensionRule } from "../rules/open-ended-extension.js";
import { orgNumberCheckDigitRule } from "../rules/org-number-check-digit.js";
import { orgNumberFormatRule } from "../rules/org-number-format.js";
import { orgNumberPublicBodyRule } from "../rules/org-number-public-body.js";
import { overlappingAgreementRule } from "../rules/overlapping-agreement.js";
import { referenceOtherPartnershipRule } from "../rules/reference-other-partnership.js";
import { referenceUnknownRule } from "../rules/reference-unknown.js";
import { reportLateRule } from "../rules/report-late.js";
import { retroactiveStartRule } from "../rules/retroactive-start.js";

/**
 * The rules that hold for any Swedish IOP: organisation number, retroactive start, length,
 * open-ended extension, two-sided contributions, de minimis state aid, overlapping agreements,
 * late reports, and references to a predecessor or covered agreement that is unknown or of
 * another partnership, each with its default parameters and severity. It has no reference data on
 * any municipality's bodies: a municipality adds `authorityInForceRule` with its own data (see
 * `stockholmRules`).
 */
export const genericSwedishRules: RuleSet = Object.freeze([
  { rule: orgNumberFormatRule },
  { rule: orgNumberCheckDigitRule },
  { rule: orgNumberPublicBodyRule },
  { rule: retroactiveStartRule },
  { rule: agreementTooLongRule },
  { rule: openEndedExtensionRule },
  { rule: oneSidedContributionRule },
  { rule: deMinimisRule },
  { rule: overlappingAgreementRule },
  { rule: reportLateRule },
  { rule: referenceUnknownRule },
  { rule: referenceOtherPartnershipRule },
]);
