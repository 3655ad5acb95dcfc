import { addCalendarDays, type DomainEvent, type EventStore, encodeEvent, type NewEvent } from "@iop/core";
import fc from "fast-check";

/** The public bodies of generated histories: Rinkeby-Kista is succeeded by Järva. */
export const councils = ["Rinkeby-Kista stadsdelsnämnd", "Järva stadsdelsnämnd", "Farsta stadsdelsnämnd"];
const organisations = [
  { name: "Husby Konst- och Hantverksförening", organisationNumber: "802400-1235" },
  { name: "Fryshuset Husby", organisationNumber: "802401-4568" },
  { name: "Kista SC", organisationNumber: "802402-7891" },
  { name: "Löparakademin", organisationNumber: "802403-0127" },
];
const areas = ["Förebyggande stöd och tidiga insatser", "Stöd och insatser för egen försörjning", undefined];

/** The shape of one generated agreement's life. */
export interface AgreementSpec {
  readonly id: string;
  readonly organisation: number;
  readonly council: number;
  readonly area: number;
  readonly year: number;
  readonly month: number;
  readonly years: number;
  readonly kronor: number;
  readonly outcome: "granted" | "rejected" | "withdrawn" | "pending";
  readonly signed: boolean;
  readonly reports: number;
  readonly extended: boolean;
  readonly amendedKronor: number | null;
  readonly terminated: boolean;
  readonly succeeded: boolean;
  readonly renegotiated: boolean;
  readonly evaluated: boolean;
}

const pad = (n: number) => String(n).padStart(2, "0");

function decision(body: string, date: string, caseNumber?: string) {
  return {
    body,
    date,
    ...(caseNumber === undefined ? {} : { caseNumber }),
    points: [{ number: 1, text: "Nämnden beslutar enligt förvaltningens förslag." }],
    signatories: [{ role: "stadsdelsdirektör" }],
  };
}

/** The events of one generated agreement, in lifecycle order, with business dates that agree. */
export function agreementEvents(spec: AgreementSpec): DomainEvent[] {
  const council = councils[spec.council % councils.length] ?? "Farsta stadsdelsnämnd";
  const organisation = organisations[spec.organisation % organisations.length] ?? organisations[0];
  if (organisation === undefined) throw new Error("no organisation");
  const area = areas[spec.area % areas.length];
  const receivedOn = `${spec.year}-${pad(spec.month)}-01`;
  const start = `${spec.year}-${pad(spec.month + 1)}-01`;
  const end = `${spec.year + spec.years - 1}-12-31`;
  const decidedOn = addCalendarDays(receivedOn, 20);
  const events: DomainEvent[] = [
    {
      type: "Applied",
      data: {
        agreementId: spec.id,
        partnershipId: `${organisation.organisationNumber}/${council}`,
        publicParties: [{ name: council, organisationNumber: "212000-0142", municipality: "Stockholm" }],
        organisation,
        receivedOn,
        purpose: "Förebyggande verksamhet för barn och unga",
        goals: [],
        targetGroups: [],
        activities: [],
        ...(area === undefined ? {} : { priorityArea: area }),
        requestedKronor: spec.kronor,
        requestedPeriod: { start, end },
        contributions: [],
      },
    },
  ];
  if (spec.outcome === "pending") return events;
  if (spec.outcome === "rejected") {
    events.push({ type: "Rejected", data: { decision: decision(council, decidedOn), reason: "Avslag" } });
    return events;
  }
  events.push({
    type: "Granted",
    data: {
      decision: decision(council, decidedOn, `Dnr ${spec.id}`),
      grantedKronor: spec.kronor,
      period: { start, end },
      conditions: [],
    },
  });
  if (spec.outcome === "withdrawn") {
    events.push({
      type: "Withdrawn",
      data: { withdrawnOn: addCalendarDays(decidedOn, 5), by: "organisation" },
    });
    return events;
  }
  if (!spec.signed) return events;
  const signedOn = addCalendarDays(decidedOn, 10);
  events.push({
    type: "Signed",
    data: {
      signedOn,
      signatories: [{ role: "stadsdelsdirektör" }],
      terms: { contributions: [], extension: { kind: "none" } },
    },
  });
  let last = signedOn;
  if (spec.amendedKronor !== null) {
    last = addCalendarDays(signedOn, 30);
    events.push({
      type: "Amended",
      data: { decision: decision(council, last), changes: { grantedKronor: spec.amendedKronor } },
    });
  }
  let finalEnd = end;
  if (spec.extended) {
    finalEnd = `${spec.year + spec.years}-06-30`;
    last = `${spec.year + spec.years - 1}-11-15` > last ? `${spec.year + spec.years - 1}-11-15` : last;
    events.push({
      type: "Extended",
      data: { decision: decision(council, last), newEnd: finalEnd, additionalKronor: 50_000 },
    });
  }
  if (spec.succeeded && council !== councils[1]) {
    events.push({
      type: "PublicPartySucceeded",
      data: {
        predecessor: { name: council, organisationNumber: "212000-0142", municipality: "Stockholm" },
        successor: { name: `${council} (efterträdare)`, organisationNumber: "212000-0142" },
        effectiveOn: `${spec.year + spec.years - 1}-07-01`,
      },
    });
  }
  for (let y = 0; y < Math.min(spec.reports, spec.years); y++) {
    const year = spec.year + y;
    events.push({
      type: "PeriodReported",
      data: {
        reportedOn: `${year + 1}-02-15`,
        period: { start: y === 0 ? start : `${year}-01-01`, end: `${year}-12-31` },
        activities: [],
        deviations: {},
      },
    });
  }
  if (spec.terminated) {
    events.push({
      type: "Terminated",
      data: {
        kind: "notice",
        initiatedBy: "public",
        decidedOn: `${spec.year + spec.years}-01-10`,
        effectiveOn: `${spec.year + spec.years}-03-31`,
        reason: "Uppsägning",
      },
    });
  }
  if (spec.evaluated) {
    events.push({
      type: "Evaluated",
      data: {
        evaluatedOn: `${spec.year + spec.years}-04-15`,
        scope: [spec.id],
        method: "Gemensam workshop",
        goalAttainment: { overall: "partly-met" },
        deviations: {},
        lessons: { challenges: [], successFactors: [] },
        decision: decision(council, `${spec.year + spec.years}-05-20`),
      },
    });
  }
  if (spec.renegotiated) {
    events.push({
      type: "Renegotiated",
      data: { decision: decision(council, `${spec.year + spec.years}-06-01`) },
    });
  }
  return events;
}

/** fast-check: one agreement's spec, with the given id. */
export function agreementSpec(id: string): fc.Arbitrary<AgreementSpec> {
  return fc.record({
    id: fc.constant(id),
    organisation: fc.nat(3),
    council: fc.nat(2),
    area: fc.nat(2),
    year: fc.integer({ min: 2019, max: 2024 }),
    month: fc.integer({ min: 1, max: 10 }),
    years: fc.integer({ min: 1, max: 3 }),
    kronor: fc.integer({ min: 1, max: 3_000_000 }),
    outcome: fc.constantFrom("granted", "granted", "granted", "rejected", "withdrawn", "pending"),
    signed: fc.boolean(),
    reports: fc.nat(3),
    extended: fc.boolean(),
    amendedKronor: fc.option(fc.integer({ min: 1, max: 3_000_000 }), { nil: null }),
    terminated: fc.boolean(),
    succeeded: fc.boolean(),
    renegotiated: fc.boolean(),
    evaluated: fc.boolean(),
  });
}

/** One event to append: which stream, what. */
export interface Append {
  readonly streamId: string;
  readonly event: NewEvent;
}

/**
 * fast-check: a history of 1–`max` agreements whose events are interleaved in a random order
 * across streams (each stream keeps its own order), plus an event of a foreign stream now and then.
 */
export function history(max = 6): fc.Arbitrary<Append[]> {
  return fc
    .integer({ min: 1, max })
    .chain((n) =>
      fc.tuple(
        fc.tuple(...Array.from({ length: n }, (_, i) => agreementSpec(`gen-${i}`))),
        fc.infiniteStream(fc.nat(n)),
      ),
    )
    .map(([specs, picks]) => {
      const queues = specs.map((spec) =>
        agreementEvents(spec).map((event) => ({
          streamId: `agreement-${spec.id}`,
          event: encodeEvent(event),
        })),
      );
      const out: Append[] = [];
      const it = picks[Symbol.iterator]();
      let foreign = 0;
      while (queues.some((q) => q.length > 0)) {
        const pick = it.next().value as number;
        const next = queues[pick]?.shift();
        if (next !== undefined) out.push(next);
        else if (pick === specs.length && foreign++ < 3)
          out.push({
            streamId: `billing-system-${foreign}`,
            event: { type: "InvoiceSent", schemaVersion: 1, data: { amount: foreign } },
          });
      }
      return out;
    });
}

/**
 * Appends a history one event per append. With a clock (the store's), sets it before each append
 * to one hour after the previous, from 2019-01-01T00:00Z, however often the store reads it.
 */
export async function appendAll(
  store: EventStore,
  appends: readonly Append[],
  clock?: { now: Date },
): Promise<void> {
  for (const [i, { streamId, event }] of appends.entries()) {
    if (clock !== undefined) clock.now = new Date(Date.UTC(2019, 0, 1) + i * 3_600_000);
    await store.append(streamId, [event], { expectedVersion: "any" });
  }
}

/** A clock that moves one hour per call, from 2019-01-01T00:00Z. */
export function hourlyClock(): () => Date {
  let calls = 0;
  return () => new Date(Date.UTC(2019, 0, 1) + calls++ * 3_600_000);
}

/** A small deterministic pseudo-random generator (mulberry32), for large generated histories. */
export function pseudoRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Appends a large deterministic history of about `events` events (agreements of 2–14 events,
 * each agreement's events appended in one batch).
 * @returns the number of events appended.
 */
export async function appendLargeHistory(store: EventStore, events: number, seed = 2022): Promise<number> {
  const random = pseudoRandom(seed);
  const int = (max: number) => Math.floor(random() * (max + 1));
  let appended = 0;
  for (let i = 0; appended < events; i++) {
    const spec: AgreementSpec = {
      id: `large-${i}`,
      organisation: int(3),
      council: int(2),
      area: int(2),
      year: 2000 + int(24),
      month: 1 + int(9),
      years: 1 + int(2),
      kronor: 1 + int(2_500_000),
      outcome: (["granted", "granted", "granted", "rejected", "withdrawn"] as const)[int(4)] ?? "granted",
      signed: random() < 0.9,
      reports: int(3),
      extended: random() < 0.2,
      amendedKronor: random() < 0.2 ? 1 + int(2_500_000) : null,
      terminated: random() < 0.1,
      succeeded: random() < 0.1,
      renegotiated: random() < 0.5,
      evaluated: random() < 0.5,
    };
    const batch = agreementEvents(spec)
      .slice(0, events - appended)
      .map((e) => encodeEvent(e, { actor: "generator" }));
    await store.append(`agreement-${spec.id}`, batch, { expectedVersion: "no-stream" });
    appended += batch.length;
  }
  return appended;
}
