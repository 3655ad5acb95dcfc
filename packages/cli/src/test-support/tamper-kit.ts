import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  agreementStreamId,
  canonicalJson,
  type EventType,
  eventCatalog,
  eventHash,
  GENESIS_HASH,
  type HashedEnvelope,
  type VerifyFinding,
} from "@iop/core";
import { husbyAgreementIds, husbyHistory, rinkebyKista } from "@iop/fixtures";
import { expect } from "vitest";
import { iop } from "./run-iop.js";

/** The Husby agreements' streams. */
export const streams = {
  y2019: agreementStreamId(husbyAgreementIds.first),
  y2022: agreementStreamId(husbyAgreementIds.y2022),
  y2023: agreementStreamId(husbyAgreementIds.y2023),
  y2024: agreementStreamId(husbyAgreementIds.y2024),
} as const;

/** The Husby history as recorded: 19 events. */
export const HUSBY_EVENTS = 19;

/** Writes the Husby history's commands for `iop record`; returns the file. */
export async function husbyCommandsFile(dir: string): Promise<string> {
  const file = join(dir, "husby.json");
  await writeFile(file, JSON.stringify(husbyHistory));
  return file;
}

/** What the auditor keeps outside the store: a signed checkpoint and the key that checks it. */
export interface KeptCheckpoint {
  readonly checkpoint: string;
  readonly verifierKey: string;
}

/** City audit's key pair (`iop keygen`) and a checkpoint of `store` signed with it (`iop checkpoint`). */
export async function keepCheckpoint(store: string, dir: string): Promise<KeptCheckpoint> {
  const prefix = join(dir, "revisionen");
  const checkpoint = join(dir, "husby.checkpoint");
  expect((await iop("keygen", "revisionen.stockholm.se", "--out", prefix)).code).toBe(0);
  expect(
    await iop("--store", store, "checkpoint", "--key", `${prefix}.key`, "--out", checkpoint),
  ).toMatchObject({ code: 0, out: `checkpoint of ${HUSBY_EVENTS} events written to ${checkpoint}` });
  return { checkpoint, verifierKey: `${prefix}.pub` };
}

/** What `iop verify --json` said: its exit code and the report's findings. */
export interface JsonVerify {
  readonly code: number;
  readonly events: number;
  readonly findings: readonly VerifyFinding[];
}

/** Runs `iop verify --json` on `store` with `args` (a checkpoint, rules). */
export async function verifyJson(store: string, ...args: string[]): Promise<JsonVerify> {
  const run = await iop("--store", store, "verify", "--json", ...args);
  const report = JSON.parse(run.out) as { events: number; findings: VerifyFinding[] };
  return { code: run.code, events: report.events, findings: report.findings };
}

/** `--checkpoint … --key …` for the kept checkpoint. */
export const against = (kept: KeptCheckpoint) => ["--checkpoint", kept.checkpoint, "--key", kept.verifierKey];

/** A finding as the tests expect it: its kind, and the event it names (none: the store as a whole, as a checkpoint finding is). */
export interface ExpectedFinding {
  readonly kind: VerifyFinding["kind"];
  readonly streamId?: string;
  readonly streamVersion?: number;
  readonly code?: string;
}

/**
 * Verifies `store` against the kept checkpoint (and `args`), as JSON and as text, and checks it
 * is refused with every `expected` finding among the report's: exit 1, and in the text form one
 * `✗` line on standard error per finding of the JSON report, naming its event and kind.
 * Resolves to the findings, for checks of their own.
 */
export async function expectReported(
  store: string,
  kept: KeptCheckpoint,
  expected: readonly ExpectedFinding[],
  ...args: string[]
): Promise<readonly VerifyFinding[]> {
  const { code, findings } = await verifyJson(store, ...against(kept), ...args);
  expect(code).toBe(1);
  for (const finding of expected)
    expect(
      findings.some(
        (f) =>
          f.kind === finding.kind &&
          f.streamId === finding.streamId &&
          f.streamVersion === finding.streamVersion &&
          (finding.code === undefined || f.code === finding.code),
      ),
      `a ${finding.kind} finding at ${finding.streamId === undefined ? "store level" : `${finding.streamId}@${finding.streamVersion}`} among ${JSON.stringify(findings)}`,
    ).toBe(true);
  const human = await iop("--store", store, "verify", ...against(kept), ...args);
  expect(human.code).toBe(1);
  expect(human.err.split("\n")).toEqual(
    findings.map((f) =>
      expect.stringMatching(
        new RegExp(
          `^✗ ${f.streamId === undefined ? "store" : escapeRegExp(`${f.streamId}@${f.streamVersion} (position ${f.globalPosition})`)} ${f.kind}[ :]`,
        ),
      ),
    ),
  );
  expect(human.out.split("\n")[0]).toMatch(
    new RegExp(` ${findings.length} finding${findings.length === 1 ? "" : "s"}\\.$`),
  );
  return findings;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A row as a forger writes it: data and metadata as JSON text, and a hash computed the store's way. */
export interface ForgedEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly metadata: string;
  readonly recordedAt: string;
  readonly previousHash: string;
  readonly hash: string;
}

type Forgery = Omit<ForgedEvent, "eventId" | "type" | "schemaVersion" | "data" | "metadata" | "hash"> & {
  readonly type: EventType;
  readonly data: object;
  readonly metadata: object;
};

/**
 * An event of today's schema version chained onto `previousHash`, with a correct hash of its
 * own: what someone who read the docs and can write to the database would add.
 */
export function forge(event: Forgery): ForgedEvent {
  const envelope = { ...event, eventId: randomUUID(), schemaVersion: eventCatalog[event.type].schemaVersion };
  return {
    ...envelope,
    data: canonicalJson(event.data),
    metadata: canonicalJson(event.metadata),
    hash: eventHash(envelope, event.previousHash),
  };
}

/**
 * The chain a forger recomputes after editing `events` (consecutive events of one stream, the
 * first following `previousHash`): each one's `previousHash` and `hash` as the store would
 * have written them for this content.
 */
export function rechain(
  events: readonly HashedEnvelope[],
  previousHash: string,
): { previousHash: string; hash: string }[] {
  let before = previousHash;
  return events.map((event) => {
    const sealed = { previousHash: before, hash: eventHash(event, before) };
    before = sealed.hash;
    return sealed;
  });
}

function scripted(agreementId: string, type: string): Record<string, unknown> {
  const step = husbyHistory.find((s) => s.agreementId === agreementId && s.command.type === type);
  if (step === undefined) throw new Error(`no ${type} for ${agreementId} in the Husby history`);
  return step.command.data as Record<string, unknown>;
}

/** A second grant of the 2022 agreement, ten times the first, after it was signed and reported on. */
export function secondGrant2022(previousHash: string): ForgedEvent {
  const granted = scripted(husbyAgreementIds.y2022, "Grant");
  return forge({
    streamId: streams.y2022,
    streamVersion: 5,
    type: "Granted",
    data: {
      ...granted,
      decision: { ...(granted.decision as object), date: "2023-03-16" },
      grantedKronor: 3_240_000,
    },
    metadata: {
      actor: "district-council",
      commandId: "husby-konst-2022/grant-2",
      effectiveDate: "2023-03-16",
    },
    recordedAt: "2023-03-16T14:05:00.000Z",
    previousHash,
  });
}

/** An amendment of the signed 2022 agreement to 3 240 000 kr: one the decider would record. */
export function amendment2022(previousHash: string): ForgedEvent {
  return forge({
    streamId: streams.y2022,
    streamVersion: 5,
    type: "Amended",
    data: {
      decision: {
        body: rinkebyKista.name,
        date: "2022-06-16",
        points: [{ number: 1, text: "Stadsdelsnämnden utökar finansieringen till 3 240 000 kronor." }],
      },
      changes: { grantedKronor: 3_240_000 },
      reason: "Utökad verksamhet under sommarlovet",
    },
    metadata: { actor: "district-council", commandId: "husby-konst-2022/amend", effectiveDate: "2022-06-16" },
    recordedAt: "2022-06-16T13:30:00.000Z",
    previousHash,
  });
}

/** The stream of the agreement forged by a dissolved council. */
export const HUSBY_2025 = agreementStreamId("husby-konst-2025");

/**
 * A whole agreement for 2025 applied for and granted by Rinkeby-Kista, dissolved on 2023-06-30:
 * the lifecycle is sound, only the Stockholm rules refuse the grant (AUTHORITY_NOT_IN_FORCE).
 */
export function dissolvedCouncilAgreement(): readonly [ForgedEvent, ForgedEvent] {
  const period = { start: "2025-01-01", end: "2025-12-31" };
  const granted = scripted(husbyAgreementIds.y2024, "Grant");
  const applied = forge({
    streamId: HUSBY_2025,
    streamVersion: 1,
    type: "Applied",
    data: {
      ...scripted(husbyAgreementIds.y2024, "Apply"),
      agreementId: "husby-konst-2025",
      predecessorAgreementId: husbyAgreementIds.y2024,
      publicParties: [rinkebyKista],
      receivedOn: "2024-12-02",
      requestedPeriod: period,
    },
    metadata: { actor: "case-officer", commandId: "husby-konst-2025/apply", effectiveDate: "2024-12-02" },
    recordedAt: "2024-12-02T09:12:00.000Z",
    previousHash: GENESIS_HASH,
  });
  const grant = forge({
    streamId: HUSBY_2025,
    streamVersion: 2,
    type: "Granted",
    data: {
      ...granted,
      decision: { ...(granted.decision as object), body: rinkebyKista.name, date: "2025-01-15" },
      period,
    },
    metadata: { actor: "district-council", commandId: "husby-konst-2025/grant", effectiveDate: "2025-01-15" },
    recordedAt: "2025-01-15T15:40:00.000Z",
    previousHash: applied.hash,
  });
  return [applied, grant];
}
