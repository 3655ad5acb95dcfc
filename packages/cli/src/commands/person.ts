import {
  ERASED_VALUE,
  erasures,
  type PersonalDataStore,
  type PersonErasedData,
  registerExtract,
} from "@iop/core";
import type { Output } from "../output.js";

/** Rows as text columns padded to their widest cell, two spaces apart. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

const basisOf = ({ legalBasis }: PersonErasedData) =>
  legalBasis.kind === "gallringsbeslut" ? `gallringsbeslut ${legalBasis.reference}` : "GDPR article 17";

/**
 * The register extract of a person (GDPR art. 15): every event that holds their data — stream,
 * version, type, recorded at, the fields, and whether kept sealed or in clear — as a table or,
 * with `json`, as the extract itself (`{ personId, erased, entries, erasures }`). It says whether
 * the person was erased, and under which legal basis. A store holding nothing of the person
 * answers so, exit 0: that too is an answer to the request.
 */
export async function personCommand(
  store: PersonalDataStore,
  personId: string,
  json: boolean,
  io: Output,
): Promise<number> {
  const extract = await registerExtract(store.sealed, store.keys, personId);
  const erased = (await erasures(store)).filter((e) => e.personId === personId);
  if (json) {
    io.out(JSON.stringify({ ...extract, erasures: erased }, null, 2));
    return 0;
  }
  if (extract.entries.length === 0 && erased.length === 0) {
    io.out(`This store holds no data of ${personId}.`);
    return 0;
  }
  io.out(
    extract.erased
      ? `${personId} was erased (${erased.map(basisOf).join("; ") || "no erasure recorded"}): the sealed values below read as ${ERASED_VALUE}.`
      : `${personId}: ${extract.entries.length} events hold this person's data.`,
  );
  const rows = extract.entries.map((e) => [
    e.streamId,
    String(e.streamVersion),
    e.type,
    e.recordedAt,
    e.fields.join(", "),
    e.kept,
  ]);
  for (const line of table([["stream", "version", "type", "recorded at", "fields", "kept"], ...rows]))
    io.out(line);
  return 0;
}
