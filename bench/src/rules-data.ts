import type { Command, Contribution } from "@iop/core";
import { luhnCheckDigit } from "@iop/rules";

/**
 * The commands of the rules workload: many organisations, each with a chain of yearly
 * agreements, recorded through the Stockholm rules without a refusal or a warning — the
 * realistic case, where a grant's de minimis and overlap checks compare the organisation's few
 * agreements among everyone else's. Deterministic, so every run records the same commands.
 *
 * Each agreement is applied for, granted, signed and reported on twice (half-years). The
 * agreements are taken in groups of {@link GROUP} and each group's commands in rounds (all
 * applications, then all grants…), so every window of whole groups has the same mix of commands
 * however far into the run it lies.
 */

/** One command and the agreement it is for. */
export interface RulesCommand {
  readonly agreementId: string;
  readonly command: Command;
}

/** Commands per agreement: Apply, Grant, Sign, two ReportPeriod. */
export const COMMANDS_PER_AGREEMENT = 5;
/** Agreements per organisation: one a year, 2024–2026. */
const AGREEMENTS_PER_ORGANISATION = 3;
/** Agreements whose commands are interleaved: 100 commands. */
const GROUP = 20;
const FIRST_YEAR = 2024;

/** Stockholm's councils in force since 2023-07-01: every decision is the city's and valid. */
const COUNCILS = [
  "Bromma stadsdelsnämnd",
  "Enskede-Årsta-Vantörs stadsdelsnämnd",
  "Farsta stadsdelsnämnd",
  "Hägersten-Älvsjö stadsdelsnämnd",
  "Hässelby-Vällingby stadsdelsnämnd",
  "Järva stadsdelsnämnd",
  "Kungsholmens stadsdelsnämnd",
  "Norra innerstadens stadsdelsnämnd",
  "Skarpnäcks stadsdelsnämnd",
  "Skärholmens stadsdelsnämnd",
  "Södermalms stadsdelsnämnd",
] as const;
const ACTIVITIES = ["Läxhjälp", "Språkcafé", "Fritidsgård", "Konstverkstad", "Idrottsskola"] as const;
const CONTRIBUTIONS: Contribution[] = [
  { party: "public", kind: "money", description: "Bidrag" },
  { party: "public", kind: "premises", description: "Lokal i stadsdelen" },
  { party: "organisation", kind: "volunteers", description: "Ideella ledare" },
  { party: "organisation", kind: "knowledge", description: "Kunskap om målgruppen" },
];

/** A valid organisation number of a non-profit (group 8), different for each `o`. */
export function organisationNumberOf(o: number): string {
  const nine = `8024${String(o).padStart(5, "0")}`;
  return `${nine.slice(0, 6)}-${nine.slice(6)}${luhnCheckDigit(nine)}`;
}

function agreementIdOf(i: number): string {
  return `rules-${String(i).padStart(6, "0")}`;
}

/** Command `n` (0-based) of agreement `i`: organisation `i / 3`, for year 2024 + `i mod 3`. */
function commandOf(i: number, n: number): Command {
  const o = Math.floor(i / AGREEMENTS_PER_ORGANISATION);
  const k = i % AGREEMENTS_PER_ORGANISATION;
  const year = FIRST_YEAR + k;
  const council = COUNCILS[o % COUNCILS.length] as string;
  const period = { start: `${year}-01-01`, end: `${year}-12-31` };
  const kronor = 150_000 + (o % 30) * 5_000;
  switch (n) {
    case 0:
      return {
        type: "Apply",
        data: {
          agreementId: agreementIdOf(i),
          partnershipId: `rules-partnership-${o}`,
          ...(k === 0 ? {} : { predecessorAgreementId: agreementIdOf(i - 1) }),
          publicParties: [{ name: council }],
          organisation: { name: `Förening ${o}`, organisationNumber: organisationNumberOf(o) },
          receivedOn: `${year - 1}-10-01`,
          purpose: "Förebyggande verksamhet för barn och unga",
          activities: [{ name: ACTIVITIES[o % ACTIVITIES.length] as string }],
          requestedKronor: kronor,
          requestedPeriod: period,
          contributions: CONTRIBUTIONS,
        },
      };
    case 1:
      return {
        type: "Grant",
        data: { decision: { body: council, date: `${year - 1}-11-20` }, grantedKronor: kronor, period },
      };
    case 2:
      return {
        type: "Sign",
        data: {
          signedOn: `${year - 1}-12-05`,
          signatories: [
            { role: "stadsdelsdirektör", party: "public" },
            { role: "ordförande", party: "organisation" },
          ],
          terms: { contributions: CONTRIBUTIONS, extension: { kind: "none" } },
        },
      };
    default: {
      const firstHalf = n === 3;
      return {
        type: "ReportPeriod",
        data: {
          reportedOn: firstHalf ? `${year}-08-20` : `${year + 1}-02-15`,
          period: firstHalf
            ? { start: period.start, end: `${year}-06-30` }
            : { start: `${year}-07-01`, end: period.end },
          activities: [
            { name: ACTIVITIES[o % ACTIVITIES.length] as string, occasions: 20, participants: 15 + (i % 20) },
          ],
          peopleReached: 15 + (i % 20),
        },
      };
    }
  }
}

/** The first `total` commands of the workload. */
export function rulesCommands(total: number): RulesCommand[] {
  const commands: RulesCommand[] = [];
  for (let first = 0; commands.length < total; first += GROUP)
    for (let n = 0; n < COMMANDS_PER_AGREEMENT; n++)
      for (let i = first; i < first + GROUP && commands.length < total; i++)
        commands.push({ agreementId: agreementIdOf(i), command: commandOf(i, n) });
  return commands;
}
