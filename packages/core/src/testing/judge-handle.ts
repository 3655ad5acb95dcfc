import type { RecordedEvent } from "../codec.js";
import type { CommandContext } from "../command-context.js";
import { AgreementCommandHandler, type HandledCommand } from "../command-handler.js";
import type { Command } from "../commands.js";
import { isIopError } from "../errors/index.js";
import type { StoredEvent } from "../store/envelope.js";
import type { EventStore } from "../store/event-store.js";
import { type HostileCall, materialiseCall } from "./hostile-commands.js";
import { sameJson } from "./hostile-values.js";

/**
 * What became of one hostile call of `handle`:
 * - `accepted`: it returned, and the store holds exactly the events it returned (none new for a
 *   repeated command id);
 * - `refused`: a typed `IopError`, and the store holds nothing new;
 * - `untyped-error`: anything else was thrown (a `TypeError`, a driver's error…);
 * - `partial-write`: refused, yet something was stored;
 * - `changed`: accepted, but the store holds something other than what `handle` returned.
 */
export type HandleVerdict = "accepted" | "refused" | "untyped-error" | "partial-write" | "changed";

/** A verdict, with the error thrown (if any) and, for a failed check, what differed. */
export interface HandleJudgement {
  readonly verdict: HandleVerdict;
  readonly error?: unknown;
  readonly detail?: string;
}

/** Judges hostile calls against one store; see {@link createHandleJudge}. */
export interface HandleJudge {
  judge(hostile: HostileCall): Promise<HandleJudgement>;
}

let agreements = 0;

/** An agreement id no other judged call uses, so every call starts from its own setup. */
function freshAgreementId(): string {
  agreements += 1;
  return `hostile-${process.pid}-${Date.now().toString(36)}-${agreements}`;
}

/** Why `returned` is not what the store read back as `stored`, or `undefined` when it is. */
function difference(returned: RecordedEvent, stored: StoredEvent | undefined): string | undefined {
  if (stored === undefined) return "is not in the store";
  for (const key of [
    "eventId",
    "streamId",
    "streamVersion",
    "globalPosition",
    "type",
    "schemaVersion",
    "recordedAt",
  ] as const)
    if (returned[key] !== stored[key])
      return `${key}: returned ${JSON.stringify(returned[key])}, stored ${JSON.stringify(stored[key])}`;
  if (!sameJson(returned.data, stored.data)) return "data differs from what was stored";
  if (!sameJson(returned.metadata, stored.metadata)) return "metadata differs from what was stored";
  return undefined;
}

/** Compares what `handle` returned with the events it added to the store. */
function judgeOutcome(result: HandledCommand, written: readonly StoredEvent[]): HandleJudgement {
  if (result.duplicate)
    return written.length === 0
      ? { verdict: "accepted" }
      : { verdict: "changed", detail: `a repeated command stored ${written.length} new event(s)` };
  if (written.length !== result.events.length)
    return {
      verdict: "changed",
      detail: `handle returned ${result.events.length} event(s), the store has ${written.length} new`,
    };
  for (const [i, event] of result.events.entries()) {
    const why = difference(event, written[i]);
    if (why !== undefined) return { verdict: "changed", detail: `event ${i}: ${why}` };
  }
  return { verdict: "accepted" };
}

/**
 * A judge of hostile calls of `AgreementCommandHandler.handle` on `store`, which nothing else
 * writes to meanwhile. For each call it replays the setup on a fresh agreement, notes the
 * store's last global position, makes the call and reads everything stored after that position:
 * so a write anywhere in the store — under a hostile agreement id too — is seen.
 * @throws whatever the setup throws: the real history must be accepted, or the store is broken.
 */
export function createHandleJudge(store: EventStore): HandleJudge {
  const handler = new AgreementCommandHandler({ store });
  let head: number | undefined;

  /** The events stored after `head`, which moves past them. */
  async function newEvents(): Promise<StoredEvent[]> {
    const found: StoredEvent[] = [];
    for (;;) {
      const page = await store.readAll({ after: head ?? 0, limit: 1000 });
      if (page.length === 0) return found;
      found.push(...page);
      head = (page[page.length - 1] as StoredEvent).globalPosition;
    }
  }

  return {
    async judge(hostile) {
      const { setup, call } = materialiseCall(hostile, freshAgreementId());
      for (const step of setup) await handler.handle(step.agreementId, step.command, step.context);
      await newEvents();
      let result: HandledCommand;
      try {
        // The call is hostile on purpose: its types are whatever the mutations made them.
        result = await handler.handle(
          call.agreementId as string,
          call.command as Command,
          call.context as CommandContext,
        );
      } catch (error) {
        if (!isIopError(error)) return { verdict: "untyped-error", error };
        const written = await newEvents();
        return written.length === 0
          ? { verdict: "refused", error }
          : { verdict: "partial-write", error, detail: `${written.length} event(s) stored` };
      }
      return judgeOutcome(result, await newEvents());
    },
  };
}
