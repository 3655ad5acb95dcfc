import { randomUUID } from "node:crypto";
import type pg from "pg";
import { MIGRATIONS } from "../migrations.js";

/** The last schema version written before the hash chain. */
export const BEFORE_HASH_CHAIN = 4;

/** One append as an adapter of the release before the chain sent it. */
interface LegacyAppend {
  readonly streamId: string;
  readonly events: readonly {
    readonly type: string;
    readonly data: object;
    readonly metadata?: object;
  }[];
  /** What the old adapter passed: its clock's reading, or `null` for the server's `now()`. */
  readonly recordedAt: string | null;
}

const RINKEBY_KISTA = { name: "Rinkeby-Kista stadsdelsnämnd", municipality: "Stockholm" };
const JARVA = { name: "Järva stadsdelsnämnd", municipality: "Stockholm" };
const HUSBY = { name: "Husby Konst- och Hantverksförening", organisationNumber: "802400-1235" };

/**
 * The Husby agreements of 2022 and 2023 as the release before the chain recorded them: keys in
 * the order the application wrote them (that release did not sort them), record times from the
 * adapter's clock or the server's `now()` (microseconds), interleaved with a stream of
 * `reports` period reports, so that streams and positions do not follow each other.
 */
function husbyHistory(reports: number): LegacyAppend[] {
  const agreements: LegacyAppend[] = [
    {
      streamId: "husby-konst-2022",
      recordedAt: "2022-02-15T09:12:00.000Z",
      events: [
        {
          type: "Applied",
          data: {
            agreementId: "husby-konst-2022",
            partnershipId: "husby-konst-rinkeby-kista",
            publicParties: [RINKEBY_KISTA],
            organisation: HUSBY,
            receivedOn: "2022-02-15",
            purpose: "Förebyggande och tidiga insatser för barn och unga",
            requestedKronor: 324_000,
            requestedPeriod: { start: "2022-01-01", end: "2022-12-31" },
          },
          metadata: { commandId: "husby-konst-2022/apply", actor: "case-officer" },
        },
      ],
    },
    {
      streamId: "husby-konst-2022",
      recordedAt: "2022-03-24T19:40:00.250Z",
      events: [
        {
          type: "Granted",
          data: {
            decision: {
              body: RINKEBY_KISTA.name,
              date: "2022-03-24",
              points: [{ number: 1, text: "Stadsdelsnämnden godkänner finansiering om 324 000 kronor …" }],
            },
            grantedKronor: 324_000,
            period: { start: "2022-01-01", end: "2022-12-31" },
          },
          metadata: {
            commandId: "husby-konst-2022/grant",
            actor: "board-secretary",
            effectiveDate: "2022-03-24",
          },
        },
        { type: "Signed", data: { signedOn: "2022-04-04", signatories: ["Rinkeby-Kista", "Husby"] } },
      ],
    },
    {
      streamId: "husby-konst-2023",
      recordedAt: null,
      events: [
        {
          type: "Applied",
          data: {
            agreementId: "husby-konst-2023",
            partnershipId: "husby-konst-rinkeby-kista",
            publicParties: [RINKEBY_KISTA],
            organisation: HUSBY,
            receivedOn: "2022-11-30",
            purpose: "Konst och hantverk för barn och unga i Husby",
            requestedKronor: 340_000,
            requestedPeriod: { start: "2023-01-01", end: "2023-12-31" },
          },
        },
      ],
    },
    {
      streamId: "husby-konst-2022",
      recordedAt: "2023-03-15T08:30:00.123Z",
      events: [
        {
          type: "PeriodReported",
          data: {
            reportedOn: "2023-03-15",
            period: { start: "2022-01-01", end: "2022-12-31" },
            activities: [{ name: "Konstakuten", occasions: 38, participants: 412 }],
            costShare: 0.35,
          },
          metadata: { actor: "organisation", sourceDocument: "Verksamhetsberättelse 2022.pdf" },
        },
      ],
    },
    {
      streamId: "husby-konst-2023",
      recordedAt: null,
      events: [
        {
          type: "Renegotiated",
          data: {
            decision: {
              body: JARVA.name,
              date: "2023-02-22",
              points: [{ number: 1, text: "Järva tar över avtalet" }],
            },
            publicParties: [JARVA],
            grantedKronor: 340_000,
          },
          metadata: { actor: "board-secretary", causationId: "merger-2023" },
        },
      ],
    },
  ];
  const batches = Math.ceil(reports / 100);
  const bulk: LegacyAppend[] = Array.from({ length: batches }, (_, b) => ({
    streamId: "husby-konst-reports",
    recordedAt: b % 2 === 0 ? null : `2023-0${1 + (b % 9)}-01T12:00:00.${String(b).padStart(3, "0")}Z`,
    events: Array.from({ length: Math.min(100, reports - b * 100) }, (_, i) => ({
      type: "PeriodReported",
      data: { summary: `Rapport ${b * 100 + i}: Konstakuten nådde barn och unga i Husby`, occasions: i % 12 },
      metadata: { correlationId: `corr-${b}-${i}`, actor: "case-officer" },
    })),
  }));
  // Interleaved, so that stream order (what the seal follows) is not position order.
  const history: LegacyAppend[] = [];
  for (let i = 0; i < Math.max(agreements.length, bulk.length); i++)
    history.push(...[bulk[i], agreements[i]].filter((a) => a !== undefined));
  return history;
}

/**
 * Creates `schema` as the release before the hash chain left it (migrations 1–4, applied and
 * recorded) and records the Husby history in it through that release's `append_events_v2()`,
 * exactly as its adapter sent it. Returns how many events it holds.
 */
export async function legacyStore(client: pg.ClientBase, schema: string, reports: number): Promise<number> {
  const quoted = `"${schema}"`;
  await client.query(`CREATE SCHEMA ${quoted}`);
  await client.query(
    `CREATE TABLE ${quoted}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  for (const migration of MIGRATIONS.filter((m) => m.version <= BEFORE_HASH_CHAIN)) {
    await client.query(migration.sql({ quoted, name: schema }));
    await client.query(`INSERT INTO ${quoted}.schema_migrations (version, name) VALUES ($1, $2)`, [
      migration.version,
      migration.name,
    ]);
  }
  const versions = new Map<string, number>();
  let count = 0;
  for (const append of husbyHistory(reports)) {
    const version = versions.get(append.streamId) ?? 0;
    const { rows } = await client.query(
      `SELECT o_appended FROM ${quoted}.append_events_v2($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        append.streamId,
        version === 0 ? "no-stream" : String(version),
        append.events.map(() => randomUUID()),
        append.events.map((e) => e.type),
        append.events.map(() => 1),
        JSON.stringify(append.events.map((e) => e.data)),
        JSON.stringify(append.events.map((e) => e.metadata ?? {})),
        append.recordedAt,
      ],
    );
    if (rows[0]?.o_appended !== true) throw new Error(`legacy append to ${append.streamId} refused`);
    versions.set(append.streamId, version + append.events.length);
    count += append.events.length;
  }
  return count;
}
