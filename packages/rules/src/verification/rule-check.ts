import {
  type AgreementState,
  agreementIdOfStream,
  type DomainEvent,
  type EventProblem,
  evolve,
  type RecordedEvent,
} from "@iop/core";
import { AgreementSummaries } from "../context/agreement-summaries.js";
import type { RuleSet } from "../rule-set.js";
import { checkRules, resolveRuleSet } from "../validator.js";
import { decisionDateOf } from "./decision-date.js";

/**
 * A `checkEvent` hook for the core's `verifyStore` that re-runs a rule set on every agreement
 * event, as the command handler's validator ran it when the event was recorded:
 *
 * - the input is the recorded event (its data is the command's, schema defaults filled in) and
 *   `before`, the agreement's state before it;
 * - `otherAgreements` are the organisation's agreements as they stood before this event: the
 *   hook keeps one summary per agreement, updated from the events verify gives it (verify calls
 *   it in global order), so memory grows with the number of agreements, not events; the
 *   referenced agreements (a predecessor, an evaluation's scope) and the successions of public
 *   parties come from the same summaries, as they stood before the event;
 * - `today` is the event's decision date ({@link decisionDateOf}): the rules judge the event as
 *   of the day it was decided, not the day verify runs.
 *
 * Only violations with severity `error` are problems, one per violation (`code`, and the field
 * with the English message). Warnings are not reported: they were accepted when the event was
 * recorded (the event keeps them in `metadata.warnings`), and a store recorded without rules has
 * none to compare with. A set that makes a rule an error (`configure(set, code, { severity:
 * "error" })`) makes its violations problems.
 *
 * The hook holds state: make one per `verifyStore` run. Verify may find more than recording
 * did: an error the rules of another set, or of another version, see; and an event that a
 * concurrent command recorded before this one in global order, which this command's validator
 * had not seen (two grants that together pass the de minimis ceiling, for instance).
 * @throws {RuleSetError} when the set is invalid, here rather than at the first event.
 */
export function ruleCheckForVerify(
  set: RuleSet,
): (event: RecordedEvent, before: AgreementState) => Promise<EventProblem[]> {
  const rules = resolveRuleSet(set);
  const agreements = new AgreementSummaries();
  return async (recorded, before) => {
    const agreementId = agreementIdOfStream(recorded.streamId);
    if (agreementId === undefined) return [];
    // Decoded with the schema the command was parsed with: the very event the validator saw,
    // and the only one its command recorded.
    const event = { type: recorded.type, data: recorded.data } as DomainEvent;
    const violations = await checkRules(
      rules,
      { agreementId, event, events: [event], state: before },
      {
        otherAgreements: (organisationNumber) => agreements.ofOrganisation(organisationNumber),
        referencedAgreements: (ids) => ({
          agreements: ids.flatMap((id) => agreements.get(id) ?? []),
          successions: agreements.successions(),
        }),
        today: () => decisionDateOf(event),
      },
    );
    // After the rules ran: the next event sees this one, this one did not.
    agreements.update(agreementId, evolve(before, event));
    return violations
      .filter((v) => v.severity === "error")
      .map((v) => ({ code: v.code, message: `${v.field}: ${v.message.en}` }));
  };
}
