import {
  addCalendarDays,
  type CalendarDate,
  type Command,
  type Contribution,
  maxDate,
  type Period,
} from "@iop/core";
import fc from "fast-check";
import { yearOf } from "../dates.js";
import { lastDayWithin } from "../rules/agreement-too-long.js";
import { dateFrom, organisationNumber } from "./arbitraries.js";

/**
 * Generated agreements that every rule of the generic Swedish set accepts: the chain of one
 * organisation's agreements, one after the other, with amendments, extensions and reports. The
 * bounds below are the rules' limits with their default parameters.
 */

/**
 * Four agreements of at most 400 000 + 50 000 (amendment) + 100 000 (extension) kr come to at
 * most 2 200 000 kr: EUR 200 000 at 11 SEK/EUR, the lowest default de minimis ceiling.
 */
const MAX_AGREEMENTS = 4;
const MAX_GRANT = 400_000;
const MAX_RAISE = 50_000;
const MAX_ADDITION = 100_000;
/**
 * Granted plus extended months stay within the default limit of 36; granted months plus a limited
 * extension clause's within 35, which clamping at a month's end cannot push past 36.
 */
const MAX_GRANTED_MONTHS = 24;
const MAX_EXTENDED_MONTHS = 12;
const MAX_CLAUSE_MONTHS = 11;
/** The last report on a calendar year comes at most 90 days after it ends: by 31 March. */
const MAX_REPORT_DELAY = 90;

const councils = ["Bromma stadsdelsnämnd", "Socialnämnden", "Kulturnämnden i Umeå", "Region Skåne"];
const kinds = ["money", "staff", "premises", "coordination", "knowledge", "volunteers", "other"] as const;

function contributions(party: Contribution["party"]): fc.Arbitrary<Contribution[]> {
  return fc.array(
    fc.record({
      party: fc.constant(party),
      kind: fc.constantFrom(...kinds),
      description: fc.constantFrom("Bidrag", "Lokaler", "Ledare", "Samordning"),
    }),
    { minLength: 1, maxLength: 3 },
  );
}

/** Everything drawn for one agreement; dates are offsets, placed by {@link place}. */
const drawn = fc.record({
  council: fc.constantFrom(...councils),
  receivedAfter: fc.integer({ min: 0, max: 400 }),
  decisionAfter: fc.integer({ min: 0, max: 150 }),
  startFromDecision: fc.integer({ min: -120, max: 180 }),
  gapAfterPrevious: fc.integer({ min: 1, max: 200 }),
  months: fc.integer({ min: 1, max: MAX_GRANTED_MONTHS }),
  shorter: fc.integer({ min: 0, max: 27 }),
  signedAfter: fc.integer({ min: 0, max: 60 }),
  requestedKronor: fc.integer({ min: 1, max: 3_000_000 }),
  grantedKronor: fc.integer({ min: 1, max: MAX_GRANT }),
  publicSide: contributions("public"),
  organisationSide: contributions("organisation"),
  clause: fc.option(fc.integer({ min: 1, max: MAX_CLAUSE_MONTHS })),
  amendment: fc.option(
    fc.record({ after: fc.integer({ min: 0, max: 60 }), raise: fc.integer({ min: 0, max: MAX_RAISE }) }),
  ),
  extension: fc.option(
    fc.record({
      after: fc.integer({ min: 0, max: 90 }),
      months: fc.integer({ min: 1, max: MAX_EXTENDED_MONTHS }),
      additionalKronor: fc.option(fc.integer({ min: 1, max: MAX_ADDITION }), { nil: undefined }),
    }),
  ),
  // One entry per calendar year the agreement may touch (36 months touch at most four).
  reports: fc.array(
    fc.record({ made: fc.boolean(), delay: fc.integer({ min: -30, max: MAX_REPORT_DELAY }) }),
    { minLength: 4, maxLength: 4 },
  ),
});
type Drawn = typeof drawn extends fc.Arbitrary<infer T> ? T : never;

/** One generated agreement: its commands, in order, and what the generic set should say. */
export interface GeneratedAgreement {
  readonly agreementId: string;
  readonly commands: readonly Command[];
  /** Date of the grant decision. */
  readonly decidedOn: CalendarDate;
  /** The grant's period starts before its decision: the one warning the generic set gives. */
  readonly retroactive: boolean;
  /** The period as it ends up, extensions included. */
  readonly period: Period;
}

/** The parts of `period` in each calendar year, in order. */
function calendarYears(period: Period): Period[] {
  const parts: Period[] = [];
  for (let year = yearOf(period.start); year <= yearOf(period.end); year++) {
    const start = year === yearOf(period.start) ? period.start : `${year}-01-01`;
    const end = year === yearOf(period.end) ? period.end : `${year}-12-31`;
    parts.push({ start, end });
  }
  return parts;
}

/** Lays one agreement out after `previous` (its grant decision and final end), as commands. */
function place(
  a: Drawn,
  index: number,
  organisationNumber: string,
  previous: { decidedOn: CalendarDate; end: CalendarDate },
): GeneratedAgreement {
  const agreementId = `generated-${index}`;
  const receivedOn = addCalendarDays(previous.decidedOn, a.receivedAfter);
  const decidedOn = addCalendarDays(receivedOn, a.decisionAfter);
  // A chain: each agreement starts after the previous one ended, so none overlap.
  const start = maxDate(
    addCalendarDays(decidedOn, a.startFromDecision),
    addCalendarDays(previous.end, a.gapAfterPrevious),
  );
  const last = lastDayWithin(start, a.months);
  const shortened = addCalendarDays(last, -a.shorter);
  const granted = { start, end: shortened < start ? last : shortened };
  const signedOn = addCalendarDays(decidedOn, a.signedAfter);
  const contributed = [...a.publicSide, ...a.organisationSide];
  const commands: Command[] = [
    {
      type: "Apply",
      data: {
        agreementId,
        partnershipId: "generated-partnership",
        publicParties: [{ name: a.council }],
        organisation: { name: "Föreningen", organisationNumber },
        receivedOn,
        purpose: "Gemensamt samhällsnyttigt ändamål",
        activities: [{ name: "Art Camp" }],
        requestedKronor: a.requestedKronor,
        requestedPeriod: granted,
        contributions: contributed,
      },
    },
    {
      type: "Grant",
      data: {
        decision: { body: a.council, date: decidedOn },
        grantedKronor: a.grantedKronor,
        period: granted,
      },
    },
    {
      type: "Sign",
      data: {
        signedOn,
        signatories: [{ role: "ordförande", party: "organisation" }],
        terms: {
          contributions: contributed,
          extension: a.clause === null ? { kind: "none" } : { kind: "limited", maxMonths: a.clause },
        },
      },
    },
  ];
  let lastDecision = signedOn;
  if (a.amendment !== null) {
    lastDecision = addCalendarDays(lastDecision, a.amendment.after);
    commands.push({
      type: "Amend",
      data: {
        decision: { body: a.council, date: lastDecision },
        changes: { grantedKronor: a.grantedKronor + a.amendment.raise },
      },
    });
  }
  let end = granted.end;
  if (a.extension !== null) {
    lastDecision = addCalendarDays(lastDecision, a.extension.after);
    end = lastDayWithin(start, a.months + a.extension.months);
    commands.push({
      type: "Extend",
      data: {
        decision: { body: a.council, date: lastDecision },
        newEnd: end,
        ...(a.extension.additionalKronor === undefined
          ? {}
          : { additionalKronor: a.extension.additionalKronor }),
      },
    });
  }
  const period = { start, end };
  calendarYears(period).forEach((part, i) => {
    const report = a.reports[i];
    if (report?.made !== true) return;
    commands.push({
      type: "ReportPeriod",
      data: { reportedOn: maxDate(part.start, addCalendarDays(part.end, report.delay)), period: part },
    });
  });
  return { agreementId, commands, decidedOn, retroactive: start < decidedOn, period };
}

/** The agreements of one organisation: a chain of one to four, from 2007 on. */
export const agreementChain: fc.Arbitrary<GeneratedAgreement[]> = fc
  .record({
    organisationNumber: organisationNumber(),
    from: dateFrom("2007-01-01", 25 * 365),
    agreements: fc.array(drawn, { minLength: 1, maxLength: MAX_AGREEMENTS }),
  })
  .map(({ organisationNumber, from, agreements }) => {
    let previous = { decidedOn: from, end: from };
    return agreements.map((a, i) => {
      const placed = place(a, i, organisationNumber, previous);
      previous = { decidedOn: placed.decidedOn, end: placed.period.end };
      return placed;
    });
  });
