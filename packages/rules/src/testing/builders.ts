import {
  type AgreementState,
  type Command,
  type CommandOf,
  type DomainEvent,
  fold,
  initialState,
  isDomainError,
  parseCommand,
  type ValidationInput,
  type Violation,
} from "@iop/core";
import type { AgreementSummary } from "../rule.js";
import type { RuleSet } from "../rule-set.js";
import { createValidator } from "../validator.js";

/** Test helpers: commands of one ordinary agreement, and the validator's input for them. */

export const AGREEMENT_ID = "test-agreement";
export const ORGANISATION = { name: "Testföreningen", organisationNumber: "802400-1235" } as const;
export const COUNCIL = "Rinkeby-Kista stadsdelsnämnd";

/** The event a command records (schema defaults filled in); throws on a malformed command. */
export function eventOf(command: Command): DomainEvent {
  const event = parseCommand(command);
  if (isDomainError(event)) throw event;
  return event;
}

/** The state after the commands, in order. */
export function stateAfter(...commands: Command[]): AgreementState {
  return fold(commands.map(eventOf), initialState);
}

/** The validator input for `command` on the state after `before`. */
export function inputOf(command: Command, ...before: Command[]): ValidationInput {
  const event = eventOf(command);
  return { agreementId: AGREEMENT_ID, event, events: [event], state: stateAfter(...before) };
}

type ApplyData = CommandOf<"Apply">["data"];
type GrantData = CommandOf<"Grant">["data"];
type SignData = CommandOf<"Sign">["data"];

export function apply(data: Partial<ApplyData> = {}): CommandOf<"Apply"> {
  return {
    type: "Apply",
    data: {
      agreementId: AGREEMENT_ID,
      partnershipId: "test-partnership",
      publicParties: [{ name: COUNCIL }],
      organisation: ORGANISATION,
      receivedOn: "2022-02-15",
      purpose: "Kreativ fritid för barn och unga",
      activities: [{ name: "Art Camp" }],
      requestedKronor: 300_000,
      requestedPeriod: { start: "2022-01-01", end: "2022-12-31" },
      contributions: [
        { party: "public", kind: "money", description: "Bidrag" },
        { party: "organisation", kind: "staff", description: "Ledare" },
      ],
      ...data,
    },
  };
}

export function grant(
  data: Partial<GrantData> = {},
  body = COUNCIL,
  date = "2022-03-24",
): CommandOf<"Grant"> {
  return {
    type: "Grant",
    data: {
      decision: { body, date },
      grantedKronor: 300_000,
      period: { start: "2022-04-01", end: "2022-12-31" },
      ...data,
    },
  };
}

export function sign(data: Partial<SignData> = {}): CommandOf<"Sign"> {
  return {
    type: "Sign",
    data: {
      signedOn: "2022-04-05",
      signatories: [{ role: "stadsdelsdirektör", party: "public" }],
      ...data,
    },
  };
}

/** Runs one rule set on an input, with the given other agreements as the lookup's answer. */
export async function check(
  set: RuleSet,
  input: ValidationInput,
  agreements: readonly AgreementSummary[] = [],
): Promise<Violation[]> {
  return [...(await createValidator(set, { otherAgreements: () => agreements })(input))];
}

/** A summary of another agreement of {@link ORGANISATION}, for the lookup. */
export function summary(over: Partial<AgreementSummary> & { agreementId: string }): AgreementSummary {
  return {
    organisationNumber: ORGANISATION.organisationNumber,
    publicParties: [COUNCIL],
    activities: [],
    status: "signed",
    ...over,
  };
}
