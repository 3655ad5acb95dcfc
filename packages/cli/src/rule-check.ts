import type { AgreementState, EventProblem, RecordedEvent } from "@iop/core";
import { genericSwedishRules, ruleCheckForVerify, stockholmRules } from "@iop/rules";
import { UsageError } from "./output.js";

/** The rule sets `verify --rules` can name. */
const VERIFY_RULE_PRESETS = { stockholm: stockholmRules, generic: genericSwedishRules } as const;

/**
 * The `checkEvent` hook of `verify --rules <preset>`: the rules re-run on every event as of its
 * decision date, against the other agreements as they stood before it. One per verify run.
 */
export function ruleCheck(
  preset: string,
): (event: RecordedEvent, before: AgreementState) => Promise<readonly EventProblem[]> {
  if (!Object.hasOwn(VERIFY_RULE_PRESETS, preset))
    throw new UsageError(
      `--rules with verify must be one of ${Object.keys(VERIFY_RULE_PRESETS).join(", ")} (got ${preset})`,
    );
  return ruleCheckForVerify(VERIFY_RULE_PRESETS[preset as keyof typeof VERIFY_RULE_PRESETS]);
}
