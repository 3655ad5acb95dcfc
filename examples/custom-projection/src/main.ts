/**
 * A worked custom projection: which organisations each priority area funded, and with how much,
 * from Rinkeby-Kista district council's IOP decisions for 2022 (six grants, two rejections).
 *
 *   pnpm --filter @iop/example-custom-projection start
 *
 * It records the decisions in an in-memory store, then runs the projection twice — live (a fold
 * in memory) and durably (a catch-up runner saving state and checkpoint) — and prints the result.
 */
import { pathToFileURL } from "node:url";
import { AgreementCommandHandler, agreementIdOfStream, decodeEvent, type EventStore } from "@iop/core";
import { RINKEBY_KISTA_DECISION_DATE, record, rinkebyKista2022 } from "@iop/fixtures";
import { catchUp, checkProjection, defineProjection, type RecordedEventOf, runLive } from "@iop/projections";
import { createValidator, stockholmRules, storeAgreementLookup } from "@iop/rules";
import { InMemoryEventStore, InMemoryProjectionStore } from "@iop/store-memory";
import { match } from "ts-pattern";

/** What one priority area has decided. (A `type`, not an `interface`: state must be visibly JSON.) */
export type AreaTally = {
  readonly kronor: number;
  readonly granted: readonly { readonly organisation: string; readonly kronor: number }[];
  readonly rejected: readonly { readonly organisation: string; readonly reason: string }[];
};

/** The projection's state: the applications waiting for a decision, and the tally per area. */
export type PriorityAreaState = {
  readonly applications: {
    readonly [agreementId: string]: { readonly organisation: string; readonly area: string };
  };
  readonly areas: { readonly [area: string]: AreaTally };
};

/** The area of an application that named none. */
export const NO_AREA = "(no priority area)";

const emptyTally: AreaTally = { kronor: 0, granted: [], rejected: [] };

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
  const tally = state.areas[application.area] ?? emptyTally;
  const next = match(event)
    .with({ type: "Granted" }, ({ data }) => ({
      ...tally,
      kronor: tally.kronor + data.grantedKronor,
      granted: [...tally.granted, { organisation: application.organisation, kronor: data.grantedKronor }],
    }))
    .with({ type: "Rejected" }, ({ data }) => ({
      ...tally,
      rejected: [...tally.rejected, { organisation: application.organisation, reason: data.reason }],
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
        [data.agreementId]: { organisation: data.organisation.name, area: data.priorityArea ?? NO_AREA },
      },
    }),
    Granted: decided,
    Rejected: decided,
  },
});

/** One line of the result. */
export type AreaSummary = { readonly area: string } & AreaTally;

/** The areas, most kronor first. */
export function summarise(state: PriorityAreaState): AreaSummary[] {
  return Object.entries(state.areas)
    .map(([area, tally]) => ({ area, ...tally }))
    .sort((a, b) => b.kronor - a.kronor || a.area.localeCompare(b.area, "sv"));
}

/** Whole kronor with a space between thousands, as Swedish documents write them: `6 771 000 kr`. */
export function kronor(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, " ")} kr`;
}

/** The printed report. */
export function format(summary: readonly AreaSummary[]): string[] {
  const lines = [
    `Rinkeby-Kista stadsdelsnämnd, IOP decisions of ${RINKEBY_KISTA_DECISION_DATE}, by priority area`,
    "",
  ];
  for (const area of summary) {
    lines.push(`${area.area}: ${kronor(area.kronor)}`);
    for (const g of area.granted) lines.push(`  granted   ${g.organisation}: ${kronor(g.kronor)}`);
    for (const r of area.rejected) lines.push(`  rejected  ${r.organisation}`);
  }
  const total = summary.reduce((sum, a) => sum + a.kronor, 0);
  lines.push("", `In all: ${kronor(total)} to ${summary.flatMap((a) => a.granted).length} organisations`);
  return lines;
}

/** Records the 2022 decisions in a fresh store, checked by Stockholm's rules. */
export async function recordDecisions(): Promise<EventStore> {
  const store = new InMemoryEventStore({ clock: () => new Date(`${RINKEBY_KISTA_DECISION_DATE}T18:00:00Z`) });
  const validator = createValidator(stockholmRules, { otherAgreements: storeAgreementLookup(store) });
  await record(new AgreementCommandHandler({ store, validator }), rinkebyKista2022);
  return store;
}

/** Runs the example: the projection live and durably, which must agree. */
export async function main(): Promise<{ summary: AreaSummary[]; lines: string[] }> {
  const events = await recordDecisions();
  // Live: a fold in memory, nothing kept.
  const live = await runLive(priorityAreas, events);
  // Durable: saved with its checkpoint; running it again would read only newer events.
  const durable = await catchUp(priorityAreas, { events, projections: new InMemoryProjectionStore() });
  // The projection keeps its promises: pure handlers, JSON state (what a custom projection's test does).
  const checked = checkProjection(
    priorityAreas,
    (await events.readAll()).map((e) => decodeEvent(e)),
  );
  if (
    JSON.stringify(live) !== JSON.stringify(durable.state) ||
    JSON.stringify(live) !== JSON.stringify(checked)
  )
    throw new Error("the live and durable runs disagree");
  const summary = summarise(live);
  return { summary, lines: format(summary) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { lines } = await main();
  console.log(lines.join("\n"));
}
