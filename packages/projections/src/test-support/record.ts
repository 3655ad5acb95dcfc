import {
  AgreementCommandHandler,
  addCalendarDays,
  decodeEvent,
  type EventStore,
  type IopStore,
  type RecordedEvent,
} from "@iop/core";
import type { ScriptedCommand } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { readEverything } from "@iop/store-testkit";

/**
 * Records a script in a fresh in-memory store whose clock stamps each command with the
 * instant `recordedAt(step, index)` gives (default: one minute apart from 2019-01-01).
 */
export async function recordScript(
  script: readonly ScriptedCommand[],
  recordedAt: (step: ScriptedCommand, index: number) => Date = oneMinuteApart,
): Promise<IopStore> {
  const clock = new SteppingClock();
  const store = createMemoryStore({ clock: clock.read });
  await recordWith(store, clock, script, recordedAt);
  return store;
}

/** The default stamp of {@link recordScript}: one minute apart from 2019-01-01T00:00Z. */
export function oneMinuteApart(_step: ScriptedCommand, index: number): Date {
  return new Date(Date.UTC(2019, 0, 1) + index * 60_000);
}

/** A clock a test sets by hand; pass `read` as a store's `clock` option. */
export class SteppingClock {
  now = new Date(0);
  readonly read = (): Date => this.now;
}

/** Records a script in any store whose clock is `clock`, setting it before each command. */
export async function recordWith(
  store: EventStore,
  clock: SteppingClock,
  script: readonly ScriptedCommand[],
  recordedAt: (step: ScriptedCommand, index: number) => Date = oneMinuteApart,
): Promise<void> {
  const handler = new AgreementCommandHandler({ store });
  for (const [i, step] of script.entries()) {
    clock.now = recordedAt(step, i);
    await handler.handle(step.agreementId, step.command, step.context);
  }
}

/** Every event of a store, decoded. */
export async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  return (await readEverything(store)).map((e) => decodeEvent(e));
}

/**
 * The instant a step was recorded in "realistic" time: `lagDays` after its business date
 * (`context.effectiveDate`, else the application's `receivedOn`), at noon UTC.
 */
export function businessDatePlus(lagDays: number): (step: ScriptedCommand) => Date {
  return (step) => {
    const data = step.command.data as { receivedOn?: string };
    const date = step.context.effectiveDate ?? data.receivedOn;
    if (date === undefined) throw new Error(`no business date on ${step.agreementId} ${step.command.type}`);
    return new Date(`${addCalendarDays(date, lagDays)}T12:00:00Z`);
  };
}
