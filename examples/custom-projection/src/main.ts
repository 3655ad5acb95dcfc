/**
 * A worked custom projection: which organisations each priority area funded, and with how much,
 * from Rinkeby-Kista district council's IOP decisions for 2022 (six grants, two rejections).
 *
 *   pnpm --filter @iop/example-custom-projection start
 *
 * It records the decisions in an in-memory store, each document entered the day after its date,
 * then runs the projection live (a fold in memory) and durably (a catch-up runner saving state
 * and checkpoint), and prints the result — and asks it on two clocks: *decided by* a business
 * date (answered from the decision dates the state keeps) and *recorded by* a record time
 * (answered by folding only the events recorded by then).
 */
import { pathToFileURL } from "node:url";
import {
  AgreementCommandHandler,
  addCalendarDays,
  agreementIdOfStream,
  type CalendarDate,
  decodeEvent,
  type EventStore,
  type IopStore,
  type RecordedEvent,
  readAllPages,
} from "@iop/core";
import { RINKEBY_KISTA_DECISION_DATE, rinkebyKista2022, type ScriptedCommand } from "@iop/fixtures";
import { catchUp, checkProjection, defineProjection, type RecordedEventOf, runLive } from "@iop/projections";
import { createValidator, stockholmRules, storeAgreementLookup } from "@iop/rules";
import { createMemoryStore } from "@iop/store-memory";
import { match } from "ts-pattern";

/** A grant, with the date of the decision: a query decided by a day counts only those decided by then. */
export type AreaGrant = {
  readonly organisation: string;
  readonly kronor: number;
  readonly decidedOn: CalendarDate;
};
/** A rejection, with the date of the decision. */
export type AreaRejection = {
  readonly organisation: string;
  readonly reason: string;
  readonly decidedOn: CalendarDate;
};

/** What one priority area has decided. (A `type`, not an `interface`: state must be visibly JSON.) */
export type AreaDecisions = {
  readonly granted: readonly AreaGrant[];
  readonly rejected: readonly AreaRejection[];
};

/** The projection's state: every application with its area, and the decisions per area. */
export type PriorityAreaState = {
  readonly applications: {
    readonly [agreementId: string]: {
      readonly organisation: string;
      readonly area: string;
      readonly receivedOn: CalendarDate;
    };
  };
  readonly areas: { readonly [area: string]: AreaDecisions };
};

/** The area of an application that named none. */
export const NO_AREA = "(no priority area)";

const noDecisions: AreaDecisions = { granted: [], rejected: [] };

/** Grants and rejections share one handler: ts-pattern tells them apart, exhaustively. */
function decided(
  state: PriorityAreaState,
  event: RecordedEventOf<"Granted" | "Rejected">,
): PriorityAreaState {
  const agreementId = agreementIdOfStream(event.streamId) ?? "";
  // Object.hasOwn: an agreement id such as "constructor" must not find an inherited property.
  const application = Object.hasOwn(state.applications, agreementId)
    ? state.applications[agreementId]
    : undefined;
  if (application === undefined) return state; // a decision on an application this store never saw
  const decisions = state.areas[application.area] ?? noDecisions;
  const { organisation } = application;
  const next = match(event)
    .with({ type: "Granted" }, ({ data }) => ({
      ...decisions,
      granted: [
        ...decisions.granted,
        { organisation, kronor: data.grantedKronor, decidedOn: data.decision.date },
      ],
    }))
    .with({ type: "Rejected" }, ({ data }) => ({
      ...decisions,
      rejected: [...decisions.rejected, { organisation, reason: data.reason, decidedOn: data.decision.date }],
    }))
    .exhaustive();
  return { ...state, areas: { ...state.areas, [application.area]: next } };
}

/**
 * Kronor and organisations per priority area. It handles only three event types; the others
 * (signing, reports…) leave it as it is, and a durable runner does not even decode them.
 */
export const priorityAreas = defineProjection<PriorityAreaState>({
  name: "example.priority-areas",
  version: 1,
  initialState: { applications: {}, areas: {} },
  handlers: {
    Applied: (state, { data }) => ({
      ...state,
      applications: {
        ...state.applications,
        [data.agreementId]: {
          organisation: data.organisation.name,
          area: data.priorityArea ?? NO_AREA,
          receivedOn: data.receivedOn,
        },
      },
    }),
    Granted: decided,
    Rejected: decided,
  },
});

/** One area's decisions, with their kronor. */
export type AreaSummary = { readonly area: string; readonly kronor: number } & AreaDecisions;

/** The projection's answer: the areas, most kronor first, and how many applications wait. */
export type Summary = { readonly areas: readonly AreaSummary[]; readonly waiting: number };

/**
 * The decisions per area and the applications still waiting — decided by `decidedBy` (business time),
 * counting only what was received and decided by the end of that day; by default everything.
 * The state keeps each fact's date, so one state answers for any day.
 */
export function summarise(state: PriorityAreaState, decidedBy?: CalendarDate): Summary {
  const by = (date: CalendarDate) => decidedBy === undefined || date <= decidedBy;
  const areas = Object.entries(state.areas)
    .map(([area, decisions]) => {
      const granted = decisions.granted.filter((g) => by(g.decidedOn));
      const rejected = decisions.rejected.filter((r) => by(r.decidedOn));
      return { area, kronor: granted.reduce((sum, g) => sum + g.kronor, 0), granted, rejected };
    })
    .filter((a) => a.granted.length + a.rejected.length > 0)
    .sort((a, b) => b.kronor - a.kronor || a.area.localeCompare(b.area, "sv"));
  const received = Object.values(state.applications).filter((a) => by(a.receivedOn)).length;
  const decided = areas.reduce((n, a) => n + a.granted.length + a.rejected.length, 0);
  return { areas, waiting: received - decided };
}

/** Whole kronor with a space between thousands, as Swedish documents write them: `6 771 000 kr`. */
export function kronor(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, " ")} kr`;
}

/** The printed report of everything decided. */
export function format(summary: Summary): string[] {
  const lines = [
    `Rinkeby-Kista stadsdelsnämnd, IOP decisions of ${RINKEBY_KISTA_DECISION_DATE}, by priority area`,
    "",
  ];
  for (const area of summary.areas) {
    lines.push(`${area.area}: ${kronor(area.kronor)}`);
    for (const g of area.granted) lines.push(`  granted   ${g.organisation}: ${kronor(g.kronor)}`);
    for (const r of area.rejected) lines.push(`  rejected  ${r.organisation}`);
  }
  lines.push(
    "",
    `In all: ${kronor(total(summary))} to ${summary.areas.flatMap((a) => a.granted).length} organisations`,
  );
  return lines;
}

/** Kronor granted in all. */
export function total(summary: Summary): number {
  return summary.areas.reduce((sum, a) => sum + a.kronor, 0);
}

/** One line of an answer on the clocks. */
export function clockLine(clocks: string, summary: Summary): string {
  return `${clocks}: ${kronor(total(summary))} granted, ${summary.waiting} applications waiting`;
}

/** When a document was entered: at noon UTC the day after its date (a decision's, else the day received). */
export function enteredAt(step: ScriptedCommand): Date {
  const { receivedOn } = step.command.data as { receivedOn?: CalendarDate };
  const dated = step.context.effectiveDate ?? receivedOn;
  if (dated === undefined) throw new Error(`no date on ${step.command.type} of ${step.agreementId}`);
  return new Date(`${addCalendarDays(dated, 1)}T12:00:00Z`);
}

/** Records the 2022 decisions in a fresh store, checked by Stockholm's rules, each at {@link enteredAt}. */
export async function recordDecisions(): Promise<IopStore> {
  let now = new Date(0);
  const store = createMemoryStore({ clock: () => now });
  const validator = createValidator(stockholmRules, { otherAgreements: storeAgreementLookup(store) });
  const handler = new AgreementCommandHandler({ store, validator });
  for (const step of rinkebyKista2022) {
    now = enteredAt(step);
    await handler.handle(step.agreementId, step.command, step.context);
  }
  return store;
}

/** Every event of the store, decoded, read a page at a time (a read-all returns one page). */
export async function recordedEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const page of readAllPages(store)) for (const stored of page) events.push(decodeEvent(stored));
  return events;
}

/** The evening of the board meeting: decided, but not yet entered. */
export const MEETING_EVENING = `${RINKEBY_KISTA_DECISION_DATE}T20:00:00Z`;
/** The next day, once the decisions were entered. */
export const NEXT_DAY = `${addCalendarDays(RINKEBY_KISTA_DECISION_DATE, 1)}T12:00:00Z`;

/** Runs the example: the projection live and durably, which must agree, then on the two clocks. */
export async function main(): Promise<{ summary: Summary; lines: string[] }> {
  const events = await recordDecisions();
  // Live: a fold in memory, nothing kept.
  const live = await runLive(priorityAreas, events);
  // Durable: saved with its checkpoint in the store's own projection store; running it again
  // would read only newer events.
  const durable = await catchUp(priorityAreas, { events, projections: events.projections });
  // The projection keeps its promises: pure handlers, JSON state (what a custom projection's test does).
  const checked = checkProjection(priorityAreas, await recordedEvents(events));
  if (
    JSON.stringify(live) !== JSON.stringify(durable.state) ||
    JSON.stringify(live) !== JSON.stringify(checked)
  )
    throw new Error("the live and durable runs disagree");
  const summary = summarise(live);

  // Business time: the query reads the dates the state keeps. Record time: the fold keeps only
  // the events recorded by then (runLive's recordedBy), whatever their dates.
  const dayBefore = addCalendarDays(RINKEBY_KISTA_DECISION_DATE, -1);
  const known = async (recordedBy: string) =>
    summarise(await runLive(priorityAreas, events, { recordedBy }), RINKEBY_KISTA_DECISION_DATE);
  const lines = [
    ...format(summary),
    "",
    clockLine(`Decided by ${dayBefore}`, summarise(live, dayBefore)),
    clockLine(`Decided by ${RINKEBY_KISTA_DECISION_DATE}`, summarise(live, RINKEBY_KISTA_DECISION_DATE)),
    clockLine(
      `Decided by ${RINKEBY_KISTA_DECISION_DATE}, recorded by ${MEETING_EVENING}`,
      await known(MEETING_EVENING),
    ),
    clockLine(`Decided by ${RINKEBY_KISTA_DECISION_DATE}, recorded by ${NEXT_DAY}`, await known(NEXT_DAY)),
  ];
  return { summary, lines };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { lines } = await main();
  console.log(lines.join("\n"));
}
