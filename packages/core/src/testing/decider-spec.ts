import { expect } from "vitest";
import type { Command } from "../commands.js";
import { decide } from "../decide.js";
import { type DomainError, isDomainError } from "../errors/index.js";
import type { DomainEvent } from "../events/catalog.js";
import { fold } from "../evolve.js";

/**
 * Given/when/then for the decider: given the events already recorded, when a command is
 * decided, then these events are recorded — or this error is returned.
 */
export function given(history: readonly DomainEvent[]) {
  return {
    when(command: Command | unknown) {
      const result = decide(command as Command, fold(history));
      return {
        thenRecords(expected: readonly DomainEvent[] | ((events: DomainEvent[]) => void)): void {
          if (isDomainError(result))
            throw new Error(`expected events, got ${result.name}: ${result.message}`);
          if (typeof expected === "function") expected(result);
          else expect(result).toEqual(expected);
        },
        thenRefuses<E extends DomainError>(
          type: abstract new (...args: never[]) => E,
          details: Partial<E> = {},
        ): E {
          expect(result).toBeInstanceOf(type);
          expect(result).toMatchObject(details);
          return result as E;
        },
      };
    },
  };
}

/** The event that a command records when accepted: its data with schema defaults filled in. */
export function recorded(command: Command, history: readonly DomainEvent[] = []): DomainEvent {
  const result = decide(command, fold(history));
  if (isDomainError(result)) throw new Error(`fixture command refused: ${result.message}`);
  const [event] = result;
  if (event === undefined) throw new Error("fixture command recorded nothing");
  return event;
}
