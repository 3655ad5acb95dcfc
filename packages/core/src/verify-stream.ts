import { type Command, eventCommands } from "./commands.js";
import { decide } from "./decide.js";
import { type DomainError, isDomainError } from "./errors/index.js";
import type { DomainEvent } from "./events/catalog.js";
import { evolve } from "./evolve.js";
import { type AgreementState, initialState } from "./state.js";

/** An event of a stream that today's decider would not have recorded where it stands. */
export interface StreamFinding {
  /** 0-based index of the event in the stream. */
  readonly index: number;
  readonly type: DomainEvent["type"];
  readonly code: string;
  readonly message: string;
}

/**
 * Re-decides every event of a stream as the command that records it, against the fold of the
 * events before it. A sound stream yields no findings: each event is exactly what `decide`
 * returns. Auditors use it to replay a history and see where it breaks an invariant — for
 * instance an event written by other software, or under rules since tightened.
 */
export function verifyStream(events: readonly DomainEvent[]): StreamFinding[] {
  const findings: StreamFinding[] = [];
  let state: AgreementState = initialState;
  events.forEach((event, index) => {
    const refused = refusalOf(event, state);
    if (refused !== undefined)
      findings.push({ index, type: event.type, code: refused.code, message: refused.message });
    state = evolve(state, event);
  });
  return findings;
}

/**
 * Decides `event` again as the command that records it, on the state before it: the refusal
 * today's decider gives, or `undefined` when it would record exactly this.
 */
export function refusalOf(event: DomainEvent, before: AgreementState): DomainError | undefined {
  const decided = decide({ type: eventCommands[event.type], data: event.data } as Command, before);
  return isDomainError(decided) ? decided : undefined;
}
