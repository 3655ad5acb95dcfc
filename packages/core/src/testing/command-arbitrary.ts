import fc from "fast-check";
import type { Command } from "../commands.js";
import { addCalendarDays, minDate } from "../schemas/calendar-date.js";

const BASE = "2022-01-01";
const RINKEBY_KISTA = { name: "Rinkeby-Kista stadsdelsnämnd" };
const JARVA = { name: "Järva stadsdelsnämnd" };

const day = fc.integer({ min: -60, max: 540 }).map((n) => addCalendarDays(BASE, n));
/** Mostly sound amounts, sometimes zero, negative or fractional. */
const amount = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 5_000_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -324_000, 324_000.5) },
);
const period = fc
  .tuple(day, fc.integer({ min: -5, max: 400 }))
  .map(([start, length]) => ({ start, end: addCalendarDays(start, Math.max(length, 0)) }));
/** Sometimes an impossible period (end before start), which must be refused. */
const anyPeriod = fc.oneof(
  { weight: 9, arbitrary: period },
  { weight: 1, arbitrary: day.map((end) => ({ start: addCalendarDays(end, 3), end })) },
);
const decision = day.map((date) => ({ body: RINKEBY_KISTA.name, date }));

/** An application to Rinkeby-Kista from Husby Konst- och Hantverksförening. */
function application(
  agreementId: string,
  fields: { receivedOn: string; requestedKronor: number; requestedPeriod: { start: string; end: string } },
): Command {
  return {
    type: "Apply",
    data: {
      agreementId,
      partnershipId: `${agreementId}-partnership`,
      publicParties: [RINKEBY_KISTA],
      organisation: { name: "Husby Konst- och Hantverksförening", organisationNumber: "802400-1235" },
      purpose: "Skapande verksamhet för barn och unga",
      ...fields,
    },
  };
}

/**
 * Commands on one agreement with dates around 2022 and amounts that are mostly valid: some are
 * accepted, many are refused, and a property test sees both.
 */
export function commandArbitrary(agreementId: string): fc.Arbitrary<Command> {
  return fc.oneof(
    fc
      .record({ receivedOn: day, requestedKronor: amount, requestedPeriod: anyPeriod })
      .map((d) => application(agreementId, d)),
    fc
      .record({ decision, grantedKronor: amount, period: anyPeriod })
      .map((data): Command => ({ type: "Grant", data })),
    decision.map(
      (d): Command => ({ type: "Reject", data: { decision: d, reason: "Ej i linje med prioriteringarna" } }),
    ),
    day.map((withdrawnOn): Command => ({ type: "Withdraw", data: { withdrawnOn, by: "organisation" } })),
    day.map(
      (signedOn): Command => ({
        type: "Sign",
        data: { signedOn, signatories: [{ role: "stadsdelsdirektör" }] },
      }),
    ),
    fc
      .record({ reportedOn: day, period: anyPeriod })
      .map((data): Command => ({ type: "ReportPeriod", data: { ...data, peopleReached: 120 } })),
    day.map(
      (evaluatedOn): Command => ({
        type: "Evaluate",
        data: {
          evaluatedOn,
          scope: [agreementId],
          method: "Gemensam workshop",
          goalAttainment: { overall: "met" },
        },
      }),
    ),
    decision.map((d): Command => ({ type: "Renegotiate", data: { decision: d } })),
    decision.map(
      (d): Command => ({ type: "DeclineRenewal", data: { decision: d, reason: "Prioriteras ej" } }),
    ),
    fc.record({ decision, newEnd: day }).map((data): Command => ({ type: "Extend", data })),
    fc
      .record({ decision, grantedKronor: amount, period: anyPeriod })
      .map(({ decision: d, ...changes }): Command => ({ type: "Amend", data: { decision: d, changes } })),
    fc.record({ decidedOn: day, days: fc.integer({ min: 0, max: 90 }) }).map(
      ({ decidedOn, days }): Command => ({
        type: "Terminate",
        data: {
          kind: "notice",
          initiatedBy: "public",
          decidedOn,
          effectiveOn: addCalendarDays(decidedOn, days),
          reason: "Väsentligt avtalsbrott",
        },
      }),
    ),
    day.map(
      (effectiveOn): Command => ({
        type: "SucceedPublicParty",
        data: { predecessor: RINKEBY_KISTA, successor: JARVA, effectiveOn },
      }),
    ),
  );
}

/**
 * A sound start — application, grant, signing and a first report — so random commands also
 * meet signed agreements with reports.
 */
export function soundStartArbitrary(agreementId: string): fc.Arbitrary<Command[]> {
  return fc
    .record({
      received: fc.integer({ min: -60, max: 200 }),
      wait: fc.nat(60),
      sign: fc.nat(30),
      length: fc.nat(400),
      reported: fc.nat(120),
    })
    .map(({ received, wait, sign, length, reported }) => {
      const receivedOn = addCalendarDays(BASE, received);
      const decided = addCalendarDays(receivedOn, wait);
      const grantPeriod = {
        start: addCalendarDays(receivedOn, -30),
        end: addCalendarDays(receivedOn, length),
      };
      return [
        application(agreementId, { receivedOn, requestedKronor: 324_000, requestedPeriod: grantPeriod }),
        {
          type: "Grant",
          data: {
            decision: { body: RINKEBY_KISTA.name, date: decided },
            grantedKronor: 324_000,
            period: grantPeriod,
          },
        },
        {
          type: "Sign",
          data: { signedOn: addCalendarDays(decided, sign), signatories: [{ role: "stadsdelsdirektör" }] },
        },
        {
          type: "ReportPeriod",
          data: {
            reportedOn: grantPeriod.end,
            period: {
              start: grantPeriod.start,
              end: minDate(addCalendarDays(grantPeriod.start, reported), grantPeriod.end),
            },
          },
        },
      ];
    });
}

/** One step of a generated history: which agreement, what command, under which command id. */
export interface GeneratedStep {
  readonly agreementId: string;
  readonly command: Command;
}

/** A signed start, a bare application or nothing: the random commands then meet every status. */
function startArbitrary(agreementId: string): fc.Arbitrary<Command[]> {
  return fc.oneof(
    { weight: 3, arbitrary: soundStartArbitrary(agreementId) },
    { weight: 1, arbitrary: soundStartArbitrary(agreementId).map((start) => start.slice(0, 3)) },
    { weight: 2, arbitrary: soundStartArbitrary(agreementId).map((start) => start.slice(0, 1)) },
    { weight: 1, arbitrary: fc.constant<Command[]>([]) },
  );
}

/** Histories over two agreements: a start each, then random commands interleaved. */
export const historyArbitrary: fc.Arbitrary<GeneratedStep[]> = fc
  .tuple(
    startArbitrary("a"),
    startArbitrary("b"),
    fc.array(
      fc
        .constantFrom("a", "b")
        .chain((agreementId) => commandArbitrary(agreementId).map((command) => ({ agreementId, command }))),
      { maxLength: 30 },
    ),
  )
  .map(([a, b, rest]) => [
    ...a.map((command) => ({ agreementId: "a", command })),
    ...b.map((command) => ({ agreementId: "b", command })),
    ...rest,
  ]);
