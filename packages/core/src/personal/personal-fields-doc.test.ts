import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventTypes } from "../events/catalog.js";
import { personId } from "../schemas/parties.js";
import { personErasedData, publicAuthorityPolicy } from "./erasure.js";
import { PERSONAL_DATA_STREAM } from "./personal-data-store.js";
import { personalFieldsByEventType } from "./personal-fields.js";
import {
  ERASED_VALUE,
  isSealedValue,
  SEALED_FORMAT,
  SEALED_PLACEHOLDER,
  type SealedValue,
} from "./sealed-value.js";

// docs/personal-data.md lists every event type's personal fields and shows a sealed value and an
// erasure. This test holds them to the schemas and the code, so the document cannot go stale.

const doc = readFileSync(new URL("../../../../docs/personal-data.md", import.meta.url), "utf8");

const START =
  "<!-- personal-fields: generated from personalFieldsByEventType(); personal-fields-doc.test.ts checks it -->";
const END = "<!-- /personal-fields -->";

/** The table as the document must show it: one row per event type, in catalog order. */
function expectedTable(): string {
  const fields = personalFieldsByEventType();
  const rows = eventTypes.map((type) => {
    const cell = fields[type].map((f) => `\`${f.path}\` (${f.kind})`).join(", ") || "—";
    return `| \`${type}\` | ${cell} |`;
  });
  return ["| event type | personal fields (what they hold) |", "|---|---|", ...rows].join("\n");
}

function documentedTable(): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/personal-data.md lacks the markers ${START} … ${END}`);
  return doc.slice(start + START.length, end).trim();
}

function block(id: string): unknown {
  const match = doc.match(new RegExp(`^ *\`\`\`json id=${id}\\n([\\s\\S]*?)\\n *\`\`\`$`, "m"));
  if (match?.[1] === undefined) throw new Error(`docs/personal-data.md has no block id=${id}`);
  return JSON.parse(match[1]);
}

describe("docs/personal-data.md", () => {
  it("lists every event type's personal fields exactly as the schemas mark them", () => {
    expect(
      documentedTable(),
      "the personal-fields table is out of date: replace it with the expected text",
    ).toBe(expectedTable());
  });

  it("shows a sealed value as sealValue writes it, at a path the table lists", () => {
    const signatory = block("sealed-example") as { personId: string; name: SealedValue };
    const sealed = signatory.name;
    expect(isSealedValue(sealed)).toBe(true);
    expect(Object.keys(sealed).sort()).toEqual(["$sealed", "ciphertext", "iv", "path", "personId", "tag"]);
    expect(sealed.$sealed).toBe(SEALED_FORMAT);
    expect(sealed.personId).toBe(signatory.personId);
    expect(personId.safeParse(sealed.personId).success).toBe(true);
    expect(Buffer.from(sealed.iv, "base64")).toHaveLength(12);
    expect(Buffer.from(sealed.tag, "base64")).toHaveLength(16);
    const generic = sealed.path.replace(/\[\d+\]/g, "[]");
    expect(personalFieldsByEventType().Granted.map((f) => f.path)).toContain(generic);
  });

  it("shows an erasure the schema reads unchanged and the public-authority policy accepts", () => {
    const erasure = block("erasure-example");
    const parsed = personErasedData.parse(erasure);
    expect(parsed).toEqual(erasure);
    expect(() => publicAuthorityPolicy.check(parsed)).not.toThrow();
  });

  it("names the marks and the stream as the code spells them", () => {
    for (const text of [ERASED_VALUE, SEALED_PLACEHOLDER, PERSONAL_DATA_STREAM, SEALED_FORMAT])
      expect(doc).toContain(`\`${text}\``);
  });
});
