import { createHash } from "node:crypto";
import { agreementStreamId, type Command, type DomainEvent, eventCatalog } from "@iop/core";

/**
 * The benchmark's data: small IOP events, generated deterministically so every contender (and
 * every child process) gets exactly the same events. Agreement `a`'s stream is the history its
 * commands would record: Applied, Granted, Signed, then one PeriodReported per month.
 */

/** An event as every contender receives it: type, schema version and JSON data. */
export interface BenchEvent {
  readonly type: DomainEvent["type"];
  readonly schemaVersion: number;
  readonly data: DomainEvent["data"];
}

/** The agreement id of agreement number `a` (0-based). */
export function agreementIdOf(a: number): string {
  return `bench-${String(a).padStart(7, "0")}`;
}

/** The stream id of agreement number `a`. */
export function streamIdOf(a: number): string {
  return agreementStreamId(agreementIdOf(a));
}

const RECEIVED_ON = "2019-11-15";
const DECIDED_ON = "2019-12-10";
const SIGNED_ON = "2019-12-20";
/** Long enough for a thousand monthly reports. */
const PERIOD = { start: "2020-01-01", end: "2109-12-31" } as const;
const FIRST_YEAR = 2020;
const ACTIVITIES = ["Läxhjälp", "Språkcafé", "Fritidsgård", "Konstverkstad", "Idrottsskola"] as const;

const pad = (n: number) => String(n).padStart(2, "0");

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The month `k` months after January of the first year, as its first and last day. */
export function reportPeriod(k: number): { start: string; end: string } {
  const year = FIRST_YEAR + Math.floor(k / 12);
  const month = (k % 12) + 1;
  return { start: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-${pad(daysInMonth(year, month))}` };
}

/** The command number `n` (0-based) of agreement `a`; its event is {@link eventOf}(a, n + 1). */
export function commandOf(a: number, n: number): Command {
  const agreementId = agreementIdOf(a);
  if (n === 0)
    return {
      type: "Apply",
      data: {
        agreementId,
        partnershipId: `${agreementId}-p`,
        publicParties: [{ name: "Järva stadsdelsnämnd" }],
        organisation: { name: `Förening ${a}`, organisationNumber: "802400-1235" },
        receivedOn: RECEIVED_ON,
        purpose: "Förebyggande verksamhet för barn och unga",
        requestedKronor: 100_000 + (a % 100) * 1000,
        requestedPeriod: PERIOD,
      },
    };
  if (n === 1)
    return {
      type: "Grant",
      data: {
        decision: { body: "Järva stadsdelsnämnd", date: DECIDED_ON },
        grantedKronor: 100_000 + (a % 100) * 1000,
        period: PERIOD,
      },
    };
  if (n === 2)
    return {
      type: "Sign",
      data: { signedOn: SIGNED_ON, signatories: [{ role: "stadsdelsdirektör", party: "public" }] },
    };
  const k = n - 3;
  const period = reportPeriod(k);
  const next = reportPeriod(k + 1);
  const participants = 10 + ((a * 7 + k * 3) % 40);
  return {
    type: "ReportPeriod",
    data: {
      reportedOn: `${next.start.slice(0, 8)}10`,
      period,
      activities: [{ name: ACTIVITIES[(a + k) % ACTIVITIES.length] as string, occasions: 4, participants }],
      peopleReached: participants,
    },
  };
}

/**
 * The event at version `version` (1-based) of agreement `a`'s stream: what `decide` records for
 * command `version - 1`, schema defaults filled in.
 */
export function eventOf(a: number, version: number): BenchEvent {
  const command = commandOf(a, version - 1);
  switch (command.type) {
    case "Apply":
      return event("Applied", {
        ...command.data,
        goals: [],
        targetGroups: [],
        activities: [],
        contributions: [],
      });
    case "Grant":
      return event("Granted", {
        ...command.data,
        decision: { ...command.data.decision, points: [], signatories: [] },
        conditions: [],
      });
    case "Sign":
      return event("Signed", {
        ...command.data,
        terms: { contributions: [], extension: { kind: "none" } },
      });
    case "ReportPeriod":
      return event("PeriodReported", { ...command.data, deviations: {} });
    default:
      throw new Error(`no event for ${command.type}`);
  }
}

function event(type: BenchEvent["type"], data: object): BenchEvent {
  return { type, schemaVersion: eventCatalog[type].schemaVersion, data: data as BenchEvent["data"] };
}

/** The shape of a data set: `streams` agreements of `eventsPerStream` events each. */
export interface DataShape {
  readonly streams: number;
  readonly eventsPerStream: number;
}

/**
 * A store of the rebuild workload: a data shape, written stream by stream (each agreement's
 * whole history, then the next's) unless `interleaved`.
 */
export interface RebuildShape extends DataShape {
  /**
   * Written turn by turn, the way monthly reports arrive: every agreement's event `v`, then
   * every agreement's event `v + 1`, so each agreement's events are spread through the history.
   */
  readonly interleaved?: true;
}

/** One append of the single-event workload. */
export interface SingleAppend {
  readonly stream: number;
  /** The version the stream is at before the append. */
  readonly expectedVersion: number;
  readonly event: BenchEvent;
}

/**
 * The single-append sequence: round-robin over the streams (event `i` goes to stream
 * `i mod streams`), so stream versions grow together; at most `limit` appends.
 */
export function singleAppends(shape: DataShape, limit = Number.POSITIVE_INFINITY): SingleAppend[] {
  const total = Math.min(limit, shape.streams * shape.eventsPerStream);
  const appends: SingleAppend[] = new Array(total);
  for (let i = 0; i < total; i++) {
    const stream = i % shape.streams;
    const expectedVersion = Math.floor(i / shape.streams);
    appends[i] = { stream, expectedVersion, event: eventOf(stream, expectedVersion + 1) };
  }
  return appends;
}

/** One append of the batched workload: `events` to `stream`, which is at `expectedVersion`. */
export interface BatchAppend {
  readonly stream: number;
  readonly expectedVersion: number;
  readonly events: readonly BenchEvent[];
}

/** The batched sequence: each stream's events in appends of `batchSize`, stream after stream. */
export function* eachBatchedAppend(shape: DataShape, batchSize: number): Generator<BatchAppend> {
  for (let stream = 0; stream < shape.streams; stream++) {
    for (let from = 0; from < shape.eventsPerStream; from += batchSize) {
      const count = Math.min(batchSize, shape.eventsPerStream - from);
      const events = Array.from({ length: count }, (_, i) => eventOf(stream, from + i + 1));
      yield { stream, expectedVersion: from, events };
    }
  }
}

/** {@link eachBatchedAppend} as an array. */
export function batchedAppends(shape: DataShape, batchSize: number): BatchAppend[] {
  return [...eachBatchedAppend(shape, batchSize)];
}

/** One command of the command-handling workload. */
export interface BenchCommand {
  readonly agreement: number;
  readonly command: Command;
}

/**
 * The command workload: `agreements` agreements, `commandsPerAgreement` commands each, in
 * rounds (every agreement's first command, then every agreement's second…), so each command
 * loads a stream that other commands have grown meanwhile.
 */
export function commandSequence(agreements: number, commandsPerAgreement: number): BenchCommand[] {
  const commands: BenchCommand[] = [];
  for (let n = 0; n < commandsPerAgreement; n++)
    for (let agreement = 0; agreement < agreements; agreement++)
      commands.push({ agreement, command: commandOf(agreement, n) });
  return commands;
}

/** A short SHA-256 over JSON values, fed one at a time (no giant string in memory). */
export class Fingerprint {
  private readonly hash = createHash("sha256");

  add(value: unknown): void {
    this.hash.update(JSON.stringify(value));
    this.hash.update("\n");
  }

  digest(): string {
    return this.hash.digest("hex").slice(0, 16);
  }
}

/**
 * The fingerprint of a sequence: children report it so the parent can check that every
 * contender of a workload got exactly the same data.
 */
export function fingerprint(values: Iterable<unknown>): string {
  const print = new Fingerprint();
  for (const value of values) print.add(value);
  return print.digest();
}
